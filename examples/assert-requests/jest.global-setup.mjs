// Starts one sandbox for the jest run, in jest's own process (run with NODE_OPTIONS=--import tsx
// here, to load the TypeScript sources; in your project import from 'thread-sandbox').
import { startSandbox } from '../../src/index.ts';

export default async function setup() {
  const sandbox = await startSandbox();
  globalThis.threadSandbox = sandbox;
  // Test workers are started after this and inherit the environment.
  process.env.THREAD_SANDBOX_URL = sandbox.url;
}
