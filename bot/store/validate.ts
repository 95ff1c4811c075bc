import { HeadroomError } from '../../analytics/errors.js';

// Checks on what callers hand the store. A bad value is a bug upstream, caught here before it
// reaches the audit log, where it could never be corrected.

export function invalid(message: string, details: Record<string, unknown> = {}): HeadroomError {
  return new HeadroomError('INPUT_INVALID', message, details);
}

export function epochMs(name: string, value: unknown): number {
  if (!isNonNegativeInteger(value)) {
    throw invalid(`${name} must be epoch milliseconds (a non-negative integer), got ${String(value)}`, {
      [name]: value,
    });
  }
  return value;
}

export function nonNegativeInteger(name: string, value: unknown): number {
  if (!isNonNegativeInteger(value)) throw invalid(`${name} must be a non-negative integer, got ${String(value)}`);
  return value;
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function text(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(`${name} must be a non-empty string, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

export function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw invalid(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value as T;
}

export function recordId(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalid(`${name} must be a positive integer id, got ${String(value)}`);
  }
  return value;
}

/** undefined = no limit; otherwise a positive integer. */
export function limit(value: unknown): number {
  if (value === undefined) return Number.MAX_SAFE_INTEGER; // none (both SQLite and PostgreSQL take it)
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw invalid(`limit must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** For optional filters: undefined passes through as null (SQL "no filter"). */
export function optional<T>(value: T | undefined, check: (v: unknown) => T): T | null {
  return value === undefined ? null : check(value);
}
