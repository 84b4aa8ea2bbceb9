// Query and path integers are an optional sign followed by decimal digits, nothing else. Ajv's
// type coercion takes whatever Number() takes ('0x10', '1e3', ' 1', '1.0'), and int64 values past
// 2^53 lose their last digits on the way to a number, so the grammar and the int64 range are
// checked here, on the text as sent, before the compiled validators coerce it.
import type { ErrorObject } from 'ajv';
import type { Query } from './query.js';

export interface IntegerRule {
  in: 'query' | 'path';
  name: string;
  int64: boolean;
}

const DIGITS = /^[+-]?[0-9]+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

interface ParameterLike {
  name: string;
  in: string;
  schema?: { type?: unknown; format?: unknown };
}

/** The integer parameters of an operation, in the query and the path. */
export function integerRules(parameters: readonly ParameterLike[]): IntegerRule[] {
  const rules: IntegerRule[] = [];
  for (const p of parameters) {
    const type = p.schema?.type;
    const integer = type === 'integer' || (Array.isArray(type) && type.includes('integer'));
    if (!integer || (p.in !== 'query' && p.in !== 'path')) continue;
    rules.push({ in: p.in, name: p.name, int64: p.schema?.format === 'int64' });
  }
  return rules;
}

/** True when `text` is an integer by the grammar, within int64 when asked. */
export function isIntegerText(text: string, int64: boolean): boolean {
  if (!DIGITS.test(text)) return false;
  if (!int64) return true;
  const value = BigInt(text);
  return value >= INT64_MIN && value <= INT64_MAX;
}

/** Errors in Ajv's shape (so that one function words every validation message). */
export function integerProblems(rules: readonly IntegerRule[], query: Query, params: Record<string, string>): ErrorObject[] {
  const problems: ErrorObject[] = [];
  for (const rule of rules) {
    const value = rule.in === 'query' ? (Object.hasOwn(query, rule.name) ? query[rule.name] : undefined) : Object.hasOwn(params, rule.name) ? params[rule.name] : undefined;
    // A repeated query name is an array: the compiled validator refuses it by name.
    if (typeof value !== 'string') continue;
    const instancePath = `/${rule.in}/${rule.name}`;
    if (!DIGITS.test(value)) {
      problems.push({ keyword: 'type', instancePath, schemaPath: '#/integer', params: { type: 'integer' }, message: 'must be integer' });
    } else if (rule.int64 && !isIntegerText(value, true)) {
      problems.push({ keyword: 'format', instancePath, schemaPath: '#/int64', params: { format: 'int64' }, message: 'must match format "int64"' });
    }
  }
  return problems;
}
