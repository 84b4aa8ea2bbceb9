// A jest transform that strips TypeScript types with esbuild and keeps ES modules.
import { transformSync } from 'esbuild';

export default {
  process(source, filename) {
    const { code, map } = transformSync(source, { loader: 'ts', format: 'esm', target: 'node20', sourcemap: 'inline', sourcefile: filename });
    return { code, map };
  },
};
