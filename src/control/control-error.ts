// What the control plane refuses, and why: the admin API answers these in its error shape, and the
// in-process handle throws them as they are.

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

/** A timestamp as given (any ISO 8601 date-time), or a ValidationError naming the field. */
export function parseTime(value: string, field: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ControlError('ValidationError', `${field} '${value}' is not a valid date-time`);
  return ms;
}
