// npm runs a script or a bin (npm start, npx thread-sandbox) under `sh -c`, and on SIGINT or
// SIGTERM signals that shell, not this process. dash, Debian's sh, dies of the signal without
// passing it on, and left this process serving with no parent: an orphan holding the port. Under
// npm, the parent going away is taken as the stop it stands for: the process signals itself, so
// the same handlers run (the proxy writes its recording, --fail-on-violations prints its tally).
// Outside npm nothing is watched: a server started in the background of a shell outlives it.

/** True when npm (a script, npm exec or npx) started this process. */
export function startedByNpm(env: NodeJS.ProcessEnv): boolean {
  return env.npm_command !== undefined || env.npm_lifecycle_event !== undefined;
}

/** Under npm, SIGTERM to this process once its parent is gone. The timer never keeps it alive. */
export function stopWhenParentGoes(env: NodeJS.ProcessEnv = process.env, everyMs = 200): void {
  if (!startedByNpm(env)) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGTERM');
  }, everyMs);
  timer.unref();
}
