/**
 * Instants are stored as UTC. SQLite hands them back as epoch milliseconds and
 * PostgreSQL as Date objects; the wire always carries ISO-8601 strings.
 */
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
    // SQLite may hold numeric strings when a value went through text affinity.
    const asNumber = Number(value);
    return new Date(Number.isFinite(asNumber) ? asNumber : value).toISOString();
  }
  throw new TypeError(`Unexpected time value from the database: ${value}`);
}

export function fromDbTimeOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : fromDbTime(value);
}
