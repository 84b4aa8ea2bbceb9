// Turns Ajv's errors for a request into one sentence that names the parameter and what was wrong.
import type { ErrorObject } from 'ajv';
import type { Query } from './query.js';

const WHERE: Record<string, string> = { query: 'query parameter', path: 'path parameter', header: 'header', requestBody: 'request body' };

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'type':
      return p.type === 'integer' ? 'must be an integer' : `must be of type ${String(p.type)}`;
    case 'format':
      if (p.format === 'int32') return 'must be a 32-bit integer (-2147483648 to 2147483647)';
      if (p.format === 'int64') return 'must be a 64-bit integer (-9223372036854775808 to 9223372036854775807)';
      return `must be a valid ${String(p.format)}`;
    case 'required':
      return `is required: missing '${String(p.missingProperty)}'`;
    case 'additionalProperties':
      return `has an unknown property '${String(p.additionalProperty)}'`;
    case 'maxLength':
      return `is too long: at most ${String(p.limit)} characters`;
    case 'parse':
      return `is not valid JSON (${e.message ?? ''})`;
    default:
      return e.message ?? 'is invalid';
  }
}

/**
 * The error to report. Under a `oneOf`, Ajv lists every branch's error, the first branch's first:
 * the branch that got deepest into the value is the one the client meant (`{ "matches": "…" }` too
 * long is about `matches`, not "must be of type string" from the string branch).
 */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject | undefined {
  if (!errors.some((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')) return errors[0];
  const depth = (e: ErrorObject) => e.instancePath.split('/').length;
  return errors.reduce<ErrorObject | undefined>((best, e) => (best === undefined || depth(e) > depth(best) ? e : best), undefined);
}

export function validationMessage(errors: readonly ErrorObject[], rawQuery?: Query): string {
  const e = mostSpecific(errors);
  if (!e) return 'the request is invalid';
  const [, section = '', name, ...rest] = e.instancePath.split('/');
  if (section === 'query' && name && Array.isArray(rawQuery?.[name])) {
    return `query parameter '${name}' must be given at most once`;
  }
  const label = WHERE[section] ?? 'request';
  if (section === 'requestBody') {
    const at = [name, ...rest].filter(Boolean).join('/');
    return `${label}${at ? ` field '${at.replace(/~1/g, '/').replace(/~0/g, '~')}'` : ''} ${describe(e)}`;
  }
  if (!name) {
    // A missing required parameter is reported on its section.
    if (e.keyword === 'required') return `${label} '${String((e.params as { missingProperty: string }).missingProperty)}' is required`;
    return `${label} ${describe(e)}`;
  }
  return `${label} '${name}' ${describe(e)}`;
}
