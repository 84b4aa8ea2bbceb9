// The shared database behind a store cannot be reached (it is down, restarting, or too slow). Not
// the client's fault and not a defect: the pipeline answers 503 in the API's own error shape, and
// the store recovers by itself once the database answers again.
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}
