// Agentry Threads v0 answers every error as {"name": ..., "message": ...}.
export { namedError as agentryThreadsError } from '../named-errors.js';
