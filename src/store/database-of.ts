// The whole database a read model holds, in file order: what an engine's snapshot() answers.
import { SCHEMA_VERSION, type Database } from '../model.js';
import { countersOf } from './counters.js';
import type { ReadModel } from './read-model/read-model.js';

export function databaseOf(model: ReadModel, generation: number): Database {
  return {
    schemaVersion: SCHEMA_VERSION,
    generation,
    counters: countersOf(model),
    executionThreads: model.executionThreads.all(),
    threads: model.threads.all(),
  };
}
