// Regular expressions a tenant sends (a matcher's `matches`) run on re2js, an RE2 engine in time
// linear in the input: a backtracking RegExp such as `^(a+)+$` on `aaaa…a!` would hold the one
// event loop every tenant and the health check share. What RE2 cannot run in linear time
// (backreferences, lookarounds) is refused with the feature named, before anything runs.
import { ControlError } from './control-error.js';
import { re2 } from './re2.js';

export interface LinearRegex {
  /** True when the pattern matches any part of `value` (like RegExp.prototype.test). */
  test(value: string): boolean;
}

/** The first feature of JavaScript syntax that RE2 cannot run, with where it starts, or undefined. */
export function unsupportedFeature(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return `a backreference (\\${next})`;
      if (!inClass && next === 'k' && source[i + 2] === '<') return 'a named backreference (\\k<…>)';
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(' && source[i + 1] === '?') {
      const head = source.slice(i, i + 4);
      if (head.startsWith('(?=')) return 'a lookahead (?=…)';
      if (head.startsWith('(?!')) return 'a negative lookahead (?!…)';
      if (head.startsWith('(?<=')) return 'a lookbehind (?<=…)';
      if (head.startsWith('(?<!')) return 'a negative lookbehind (?<!…)';
    }
  }
  return undefined;
}

/**
 * Compiles a pattern in JavaScript syntax (unanchored, no flags) for linear-time matching, or throws
 * a 400 ControlError naming `field` and what is wrong.
 */
export function linearRegex(source: string, field: string): LinearRegex {
  const feature = unsupportedFeature(source);
  if (feature !== undefined) {
    throw new ControlError('ValidationError', `${field}: '${source}' uses ${feature}, which the linear-time regex engine (RE2) cannot run; matchers refuse backreferences and lookarounds`);
  }
  const { RE2JS, RE2JSException } = re2();
  try {
    const re = RE2JS.compile(RE2JS.translateRegExp(source));
    return { test: (value) => re.test(value) };
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    throw new ControlError('ValidationError', `${field}: '${source}' is not a valid regular expression (${error.message})`);
  }
}
