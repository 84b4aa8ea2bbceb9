// What the control plane refuses, and why: the admin API answers these in its error shape, and the
// in-process handle throws them as they are.
import { isValidTimestamp } from '../time.js';

export type ControlErrorName = 'ValidationError' | 'NotFoundError' | 'ConflictError';

const STATUS: Record<ControlErrorName, 400 | 404 | 409> = { ValidationError: 400, NotFoundError: 404, ConflictError: 409 };

/** A request the control plane refuses: `status` 400, 404 or 409, `name` as in the admin API. */
export class ControlError extends Error {
  override readonly name: ControlErrorName;
  readonly status: 400 | 404 | 409;

  constructor(name: ControlErrorName, message: string) {
    super(message);
    this.name = name;
    this.status = STATUS[name];
  }
}

// The years a stored timestamp can hold: four digits in UTC (RFC 3339). Past them Date gives
// '+010000-...', which no database file, and no client, accepts.
const EARLIEST = Date.parse('0000-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/** A timestamp as given (an RFC 3339 date-time, any offset), or a ValidationError naming the field. */
export function parseTime(value: string, field: string): number {
  const ms = isValidTimestamp(value.toUpperCase()) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new ControlError('ValidationError', `${field} '${value}' is not a valid date-time (RFC 3339, e.g. 2026-01-01T09:30:00Z)`);
  if (ms < EARLIEST || ms > LATEST) throw new ControlError('ValidationError', `${field} '${value}' is outside the years 0000 to 9999 in UTC`);
  return ms;
}
