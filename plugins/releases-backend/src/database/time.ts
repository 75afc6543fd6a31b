/**
 * Instants are stored as UTC. SQLite hands them back as epoch milliseconds and
 * PostgreSQL as Date objects (or, through `withIsoTimes`, as ISO strings);
 * the wire always carries ISO-8601 strings.
 */

/** `2026-12-01T14:23:48.123Z`, as `Date.prototype.toISOString` writes it. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function toDbTime(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

export function fromDbTime(value: unknown): string {
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'number') {
    return new Date(value).toISOString();
  }
  if (typeof value === 'string') {
    // Already the wire's form (PostgreSQL reads through `withIsoTimes`).
    if (CANONICAL_ISO.test(value)) {
      return value;
    }
    // SQLite may hold numeric strings when a value went through text affinity.
    const asNumber = Number(value);
    return new Date(Number.isFinite(asNumber) ? asNumber : value).toISOString();
  }
  throw new TypeError(`Unexpected time value from the database: ${value}`);
}

export function fromDbTimeOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : fromDbTime(value);
}
