// Timestamps are kept in the documents' own forms: v1 createdAt with milliseconds
// (2025-07-25T09:34:29.768Z), v0 received_at to the second unless it has milliseconds
// (2026-01-01T00:00:00Z). Comparisons use epoch milliseconds, never strings.

export function toMillisIso(value: string | number | Date): string {
  return new Date(value).toISOString();
}

export function toSecondsIso(value: string | number | Date): string {
  return new Date(value).toISOString().replace('.000Z', 'Z');
}

export function isValidTimestamp(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}
