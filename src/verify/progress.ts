// A single status line on a terminal while checks run; nothing at all when output is a pipe or file.
import type { VerifierEvents } from './verifier.js';

export function progressLine(stream: NodeJS.WriteStream): VerifierEvents & { done(): void } {
  if (!stream.isTTY) return { done() {} };
  let checks = 0;
  let failed = 0;
  const width = () => Math.max(20, (stream.columns || 80) - 1);
  return {
    onCheckStart(_api, operation, name) {
      stream.write(`\r\x1b[K${`[${checks} checks, ${failed} failed] ${operation}: ${name}`.slice(0, width())}`);
    },
    onResult(result) {
      checks++;
      if (result.outcome === 'failed') failed++;
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}
