// Per-request control without the admin API, compatible with Prism: `Prefer: code=500` answers that
// documented status, `Prefer: delay=200` waits before answering. Preferences are comma-separated.
// `Prefer: unknown-parameters=error` answers 400 to a query parameter the operation does not define
// (`=report` serves it and reports a violation), whatever --unknown-parameters says.
import { UNKNOWN_PARAMETER_MODES, type UnknownParametersMode } from '../options.js';

export interface Preferences {
  code?: number;
  delayMs?: number;
  unknownParameters?: UnknownParametersMode;
}

const MAX_DELAY_MS = 60_000;

export function parsePrefer(header: string | string[] | undefined): Preferences | { error: string } {
  const out: Preferences = {};
  if (header === undefined) return out;
  const text = Array.isArray(header) ? header.join(',') : header;
  for (const part of text.split(/[,;]/)) {
    const [rawName, ...rest] = part.split('=');
    const name = rawName?.trim().toLowerCase();
    const value = rest.join('=').trim().replace(/^"(.*)"$/, '$1');
    if (name === 'code') {
      if (!/^\d{3}$/.test(value)) return { error: `Prefer code must be a 3-digit status code, got '${value}'` };
      out.code = Number(value);
    } else if (name === 'delay') {
      if (!/^\d{1,6}$/.test(value) || Number(value) > MAX_DELAY_MS) return { error: `Prefer delay must be milliseconds from 0 to ${MAX_DELAY_MS}, got '${value}'` };
      out.delayMs = Number(value);
    } else if (name === 'unknown-parameters') {
      if (!(UNKNOWN_PARAMETER_MODES as readonly string[]).includes(value)) return { error: `Prefer unknown-parameters must be ${UNKNOWN_PARAMETER_MODES.join(' or ')}, got '${value}'` };
      out.unknownParameters = value as UnknownParametersMode;
    }
    // Other preferences (Prism's example=, dynamic=, RFC 7240's return=) are ignored.
  }
  return out;
}
