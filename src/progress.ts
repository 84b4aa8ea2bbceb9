// A progress bar for long work on a terminal (cli-progress); nothing at all when the stream is not
// a terminal, so logs and CI output stay clean.
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

const SILENT: Progress = { update: () => {}, stop: () => {} };

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || total <= 0) return SILENT;
  const bar = new SingleBar({ stream, format: `${label} {bar} {percentage}% | {value}/{total} | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
  bar.start(total, 0);
  return {
    update: (done) => bar.update(done),
    stop: () => {
      bar.update(total);
      bar.stop();
    },
  };
}
