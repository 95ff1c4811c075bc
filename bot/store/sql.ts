// The part of better-sqlite3's API the store's modules use. PgDatabase (postgres/pg-database.ts)
// implements it over PostgreSQL, so every module of the store runs unchanged on either, and one
// contract suite (test/store/) runs against both.
import type Database from 'better-sqlite3';

export interface SqlRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface SqlStatement<P extends unknown[] = unknown[], R = unknown> {
  get(...params: P): R | undefined;
  all(...params: P): R[];
  run(...params: P): SqlRunResult;
  iterate(...params: P): IterableIterator<R>;
}

// biome-ignore lint/suspicious/noExplicitAny: mirrors better-sqlite3's own transaction signature
type AnyFunction = (...args: any[]) => any;

export interface SqlTransaction<F extends AnyFunction> {
  (...args: Parameters<F>): ReturnType<F>;
  /** Takes the write lock at BEGIN (SQLite: BEGIN IMMEDIATE; PostgreSQL: the store's advisory lock). */
  immediate(...args: Parameters<F>): ReturnType<F>;
}

export interface SqlDatabase {
  /** Which SQL the database speaks, for the few statements that differ (see postgres/dialect.ts). */
  readonly dialect: 'sqlite' | 'postgres';
  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): SqlStatement<P, R>;
  transaction<F extends AnyFunction>(fn: F): SqlTransaction<F>;
  exec(sql: string): unknown;
  readonly open: boolean;
  close(): unknown;
}

/**
 * better-sqlite3's Database as a SqlDatabase. Its methods are this interface's (positional
 * parameters only are used here); TypeScript cannot relate its generic bind-parameter type to a
 * plain tuple, hence the one cast.
 */
export function sqliteDatabase(db: Database.Database): SqlDatabase {
  const wrapped = db as unknown as SqlDatabase;
  Object.defineProperty(wrapped, 'dialect', { value: 'sqlite', configurable: true });
  return wrapped;
}
