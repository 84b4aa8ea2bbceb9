// The control plane answers every error as {"name": ..., "message": ...}, like Agentry Threads v0.
export { namedError as sandboxAdminError } from '../named-errors.js';
