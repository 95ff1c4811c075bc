import { HeadroomError } from '../../../analytics/errors.js';
import type { SqlDatabase, SqlRunResult, SqlStatement, SqlTransaction } from '../sql.js';
import { isPlainInsert, toPostgres } from './dialect.js';
import type { WorkerSettings } from './protocol.js';
import { PgError, SyncPgClient } from './sync-client.js';

/**
 * Every write transaction of every replica takes this transaction-scoped advisory lock first, so
 * writes are serialised across replicas as SQLite serialises them on one file: the audit chain's
 * head read inside a transaction cannot go stale, and the chain never forks.
 */
export const WRITE_LOCK_KEY = 0x4865_6164; // "Head"

// biome-ignore lint/suspicious/noExplicitAny: mirrors better-sqlite3's own transaction signature
type AnyFunction = (...args: any[]) => any;

/** The SqlDatabase interface over PostgreSQL, synchronous through a worker thread. */
export class PgDatabase implements SqlDatabase {
  readonly dialect = 'postgres' as const;
  private readonly client: SyncPgClient;
  private depth = 0;
  /** The connection the open transaction runs on (its statements must not run on another). */
  private txConnection: number | undefined;
  private readonly translated = new Map<string, string>();

  constructor(settings: WorkerSettings) {
    this.client = new SyncPgClient(settings);
  }

  get open(): boolean {
    return !this.client.isClosed;
  }

  /** One round trip to the server; throws when it cannot be reached. */
  ping(): void {
    this.client.call({ op: 'ping' });
  }

  /** Runs sql (the store's SQLite spelling); `returning` adds RETURNING * after the translation. */
  query(sql: string, params: unknown[], returning = false): { rows: Record<string, unknown>[]; rowCount: number } {
    const key = returning ? `${sql}\u0000returning` : sql;
    let text = this.translated.get(key);
    if (text === undefined) {
      // RETURNING goes last: after an ON CONFLICT clause the translation may add
      text = returning ? `${toPostgres(sql).replace(/;\s*$/, '')} RETURNING *` : toPostgres(sql);
      this.translated.set(key, text);
    }
    try {
      const reply = this.client.call({
        op: 'query',
        sql: text,
        params: params.map(toParam),
        ...(this.txConnection !== undefined ? { connection: this.txConnection } : {}),
      });
      for (const row of reply.rows)
        for (const [k, v] of Object.entries(row)) if (v instanceof Uint8Array) row[k] = asBuffer(v);
      return reply;
    } catch (err) {
      throw storeError(err, sql);
    }
  }

  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): SqlStatement<P, R> {
    const insert = isPlainInsert(sql);
    return {
      get: (...params: P) => this.query(sql, params).rows[0] as R | undefined,
      all: (...params: P) => this.query(sql, params).rows as R[],
      iterate: (...params: P) => (this.query(sql, params).rows as R[])[Symbol.iterator](),
      run: (...params: P): SqlRunResult => {
        const res = this.query(sql, params, insert);
        const first = res.rows[0];
        const id = first?.id ?? first?.seq;
        return { changes: res.rowCount, lastInsertRowid: typeof id === 'number' ? id : 0 };
      },
    };
  }

  /** Statements without parameters, as one text (migrations). */
  exec(sql: string): void {
    this.query(sql, []);
  }

  transaction<F extends AnyFunction>(fn: F): SqlTransaction<F> {
    const run = (...args: Parameters<F>): ReturnType<F> => {
      if (this.depth > 0) return this.savepoint(() => fn(...args));
      let began: number;
      try {
        began = this.client.call({
          op: 'begin',
          sql: `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`,
        }).connection;
      } catch (err) {
        throw storeError(err, 'BEGIN');
      }
      this.depth = 1;
      this.txConnection = began;
      try {
        const result = fn(...args);
        this.end('COMMIT', began);
        return result;
      } catch (err) {
        this.endQuietly(began);
        throw err;
      } finally {
        this.depth = 0;
        this.txConnection = undefined;
      }
    };
    return Object.assign(run, { immediate: run });
  }

  close(): void {
    this.client.close();
  }

  private savepoint<T>(fn: () => T): T {
    const name = `sp${this.depth}`;
    this.query(`SAVEPOINT ${name}`, []);
    this.depth++;
    try {
      const result = fn();
      this.query(`RELEASE SAVEPOINT ${name}`, []);
      return result;
    } catch (err) {
      this.query(`ROLLBACK TO SAVEPOINT ${name}`, []);
      throw err;
    } finally {
      this.depth--;
    }
  }

  private end(sql: 'COMMIT' | 'ROLLBACK', connection: number): void {
    try {
      this.client.call({ op: 'end', sql, connection });
    } catch (err) {
      throw storeError(err, sql);
    }
  }

  private endQuietly(connection: number): void {
    try {
      this.end('ROLLBACK', connection);
    } catch {
      // the connection is gone: the server rolled the transaction back itself
    }
  }
}

/** bytea comes back from the worker as a Uint8Array (structured clone); callers expect a Buffer, as from SQLite. */
function asBuffer(v: Uint8Array): Buffer {
  return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

/** What the store passes as parameters, as pg sends them (NaN is stored as NULL by the store itself). */
function toParam(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 1 : 0; // the schema keeps flags as 0/1 integers, as SQLite does
  return v;
}

const CONSTRAINT_CODES = new Set(['23505', '23503', '23514', '23502', 'P0001']);

/**
 * Server errors as the store's callers expect them: a violated constraint or an append-only guard
 * is an error of that statement; an unreachable server is a runtime failure naming the store.
 */
function storeError(err: unknown, sql: string): Error {
  if (err instanceof HeadroomError) return err;
  if (err instanceof PgError) {
    if (err.code && CONSTRAINT_CODES.has(err.code)) return err;
    if (err.code) return new PgError(`${err.message} (in: ${sql.replace(/\s+/g, ' ').slice(0, 120)})`, err.code);
    return new HeadroomError('RUNTIME', `store unavailable: ${err.message}`, { store: 'postgres' });
  }
  return err as Error;
}
