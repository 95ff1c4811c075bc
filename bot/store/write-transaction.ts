import type { SqlDatabase } from './sql.js';

/**
 * Runs fn in a transaction that takes the write lock at BEGIN. A deferred transaction that reads
 * the audit head and then writes could fail with SQLITE_BUSY when another process sharing the
 * file wrote in between; taking the lock first makes it wait (busy_timeout) instead.
 * Nested calls become savepoints of the outer transaction.
 */
export function inWriteTransaction<T>(db: SqlDatabase, fn: () => T): T {
  return db.transaction(fn).immediate();
}
