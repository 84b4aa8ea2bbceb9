// The fast read model as an engine's: the indexes (execution-thread-index.ts, thread-index.ts),
// built in slices by a replace (build-indexes.ts). What every engine keeps unless told otherwise.
import { buildIndexes } from '../build-indexes.js';
import { ExecutionThreadIndex } from '../execution-thread-index.js';
import { ThreadIndex } from '../thread-index.js';
import type { ReadModelKind } from './read-model.js';

export const FAST_READ_MODEL: ReadModelKind = {
  empty: () => ({ executionThreads: new ExecutionThreadIndex(), threads: new ThreadIndex() }),
  build: buildIndexes,
};
