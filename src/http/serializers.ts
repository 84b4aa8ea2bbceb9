// Schema-compiled JSON serializers (fast-json-stringify) for success responses: serializing a
// 1,000-item page with JSON.stringify was the largest single cost of W0 (bench/README.md). Only
// where it pays: on the v1 list (small items of numbers, enums and tokens) it is about 1.6x
// faster; on v0 bodies, mostly free text, native JSON.stringify escapes strings faster than it
// does. A serializer writes exactly the schema's properties in the schema's order, which for the
// v1 list is the handler's order, so the bytes are JSON.stringify's (test/http/serializers.test.ts
// holds that). A body it cannot serialize falls back to JSON.stringify.
import fastJson from 'fast-json-stringify';
import type { Operation } from 'openapi-backend';

export type Serialize = (body: unknown) => string;

const COMPILED = new Set(['listExecutionThreads']);

interface JsonResponse {
  content?: Record<string, { schema?: object }>;
}

export function createSerializers(): (operation: Operation, status: number) => Serialize {
  const cache = new Map<string, Serialize>();
  return (operation, status) => {
    const key = `${operation.operationId ?? `${operation.method} ${operation.path}`} ${status}`;
    let serialize = cache.get(key);
    if (!serialize) {
      serialize = JSON.stringify;
      const schema = COMPILED.has(operation.operationId ?? '') && status >= 200 && status < 300 ? (operation.responses?.[String(status)] as JsonResponse | undefined)?.content?.['application/json']?.schema : undefined;
      if (schema) {
        try {
          const compiled = fastJson(schema as Parameters<typeof fastJson>[0]) as Serialize;
          serialize = (body) => {
            try {
              return compiled(body);
            } catch {
              return JSON.stringify(body);
            }
          };
        } catch {
          // A schema fast-json-stringify does not support: JSON.stringify it is.
        }
      }
      cache.set(key, serialize);
    }
    return serialize;
  };
}
