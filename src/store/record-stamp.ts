// A number per record version, unique in the process: every put or load of a record gets a new
// one. Caches of what is made from a record (the APIs' public JSON) key by it, so that a changed
// record, or a record of a read model that a reset built anew, never answers from an old entry,
// and a cache hit decodes nothing.
let last = 0;

export function newStamp(): number {
  return ++last;
}
