// Boundary and invalid values of every parameter, read from the spec's own schema (minimum,
// maximum, int32/int64, enum, maxLength), so a spec change changes the cases with it.
import type { Operation } from 'openapi-backend';
import type { Random } from './seeded-random.js';

export interface ParameterCase {
  parameter: string;
  in: 'query' | 'path';
  value: string;
  valid: boolean;
  /** Why this value is interesting: `minimum 0`, `outside int32`. */
  why: string;
}

interface Schema {
  type?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  maxLength?: number;
}

const FORMAT_RANGE: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function integerCases(schema: Schema, random: Random): Omit<ParameterCase, 'parameter' | 'in'>[] {
  const [formatMin, formatMax] = FORMAT_RANGE[schema.format ?? ''] ?? [-SAFE, SAFE];
  const min = schema.minimum !== undefined ? BigInt(schema.minimum) : formatMin;
  const max = schema.maximum !== undefined ? BigInt(schema.maximum) : formatMax;
  const cases = [
    { value: String(min), valid: true, why: schema.minimum !== undefined ? `minimum ${min}` : `smallest ${schema.format}` },
    { value: String(min - 1n), valid: false, why: schema.minimum !== undefined ? `below minimum ${min}` : `outside ${schema.format}` },
    { value: String(max + 1n), valid: false, why: schema.maximum !== undefined ? `above maximum ${max}` : `outside ${schema.format}` },
    { value: '1.5', valid: false, why: 'not an integer' },
    { value: 'abc', valid: false, why: 'not a number' },
  ];
  // Past 2^53 a JSON number loses precision, so the largest exactly representable value stands in.
  if (max <= SAFE) cases.push({ value: String(max), valid: true, why: schema.maximum !== undefined ? `maximum ${max}` : `largest ${schema.format}` });
  else cases.push({ value: String(SAFE), valid: true, why: `large ${schema.format ?? 'integer'} (2^53-1)` });
  const high = max < min + 10_000n ? max : min + 10_000n;
  cases.push({ value: String(random.int(Number(min), Number(high))), valid: true, why: 'a value in range' });
  return cases;
}

function stringCases(schema: Schema, random: Random, grammar: boolean): Omit<ParameterCase, 'parameter' | 'in'>[] {
  const cases: Omit<ParameterCase, 'parameter' | 'in'>[] = [];
  if (schema.enum) {
    for (const value of schema.enum) {
      cases.push({ value, valid: true, why: 'an enum value' });
      if (value.toLowerCase() !== value && !schema.enum.includes(value.toLowerCase())) cases.push({ value: value.toLowerCase(), valid: false, why: 'enum values are case-sensitive' });
    }
    cases.push({ value: `Not${random.word(6)}`, valid: false, why: 'not an enum value' });
  }
  if (schema.maxLength !== undefined) {
    const filler = random.word(8);
    const of = (n: number) => filler.repeat(Math.ceil(n / filler.length)).slice(0, n);
    if (!grammar && !schema.enum) cases.push({ value: of(schema.maxLength), valid: true, why: `maxLength ${schema.maxLength}` });
    cases.push({ value: of(schema.maxLength + 1), valid: false, why: `longer than maxLength ${schema.maxLength}` });
  }
  return cases;
}

/**
 * Cases for every query and path parameter of an operation. `grammar` names parameters whose valid
 * values follow a grammar the schema cannot express (sorting, page_token): they get no
 * "valid at maxLength" case, and their callers add grammar cases of their own.
 */
export function parameterCases(operation: Operation, random: Random, grammar: readonly string[] = []): ParameterCase[] {
  const out: ParameterCase[] = [];
  for (const p of (operation.parameters ?? []) as { name: string; in: string; schema?: Schema }[]) {
    if (p.in !== 'query' && p.in !== 'path') continue;
    const schema = p.schema ?? {};
    const cases = schema.type === 'integer' ? integerCases(schema, random) : schema.type === 'string' || schema.enum ? stringCases(schema, random, grammar.includes(p.name)) : [];
    for (const c of cases) out.push({ parameter: p.name, in: p.in, ...c });
  }
  return out;
}

/** A value fit for a check name: long values are shortened. */
export function shown(value: string): string {
  return value.length > 24 ? `${value.slice(0, 12)}…(${value.length} chars)` : value;
}

/** The `example` and `examples` values the spec gives for each parameter. */
export function documentedExamples(operation: Operation): { parameter: string; value: string }[] {
  const out: { parameter: string; value: string }[] = [];
  for (const p of (operation.parameters ?? []) as { name: string; in: string; example?: unknown; examples?: Record<string, { value?: unknown }> }[]) {
    if (p.in !== 'query') continue;
    if (p.example !== undefined) out.push({ parameter: p.name, value: String(p.example) });
    for (const e of Object.values(p.examples ?? {})) if (e.value !== undefined) out.push({ parameter: p.name, value: String(e.value) });
  }
  return out;
}
