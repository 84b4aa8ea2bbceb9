import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['examples/assert-requests/vitest.spec.ts'], root: new URL('../..', import.meta.url).pathname },
});
