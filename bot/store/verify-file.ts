import Database from 'better-sqlite3';
import { HeadroomError } from '../../analytics/errors.js';
import { AuditLog } from './audit.js';
import { MIGRATIONS } from './migrations.js';
import { schemaVersionPg } from './postgres/migrations.js';
import { isPostgresUrl, redactedUrl } from './postgres/open.js';
import { PgDatabase } from './postgres/pg-database.js';
import { type SqlDatabase, sqliteDatabase } from './sql.js';
import type { AuditVerification } from './types.js';

export type FileAuditVerification = AuditVerification & {
  /** The newest entry, to record somewhere else: removing entries from the end is invisible to the chain alone. */
  newest?: { seq: number; hash: string };
  /** When an expected newest entry was given: whether the log still holds it, with that hash. */
  expected?: { seq: number; hash: string; found: boolean };
};

/**
 * Verifies the audit chain of a store file without changing it: opened read-only, never created
 * or migrated (a verifier that writes to what it checks proves less). A file without Headroom's
 * schema, or written by a newer Headroom, is an error, not "0 entries verified". With `expected`
 * (an entry recorded earlier, e.g. in a ticket or another system) it also tells whether that entry
 * is still there unchanged, which catches entries removed from the end.
 */
export function verifyAuditFile(path: string, expected?: { seq: number; hash: string }): FileAuditVerification {
  if (isPostgresUrl(path)) return verifyAuditPostgres(path, expected);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new HeadroomError('INPUT_INVALID', `cannot open store ${path}: ${(error as Error).message}`, { path });
  }
  try {
    const version = readVersion(db, path);
    if (version === 0)
      throw new HeadroomError('INPUT_INVALID', `${path} is not a Headroom store (it has no Headroom schema)`);
    if (version > MIGRATIONS.length)
      throw new HeadroomError(
        'INPUT_INVALID',
        `${path} has schema version ${version}, newer than the ${MIGRATIONS.length} this Headroom knows; verify it with a newer Headroom`,
      );
    return verifyChain(sqliteDatabase(db), expected);
  } finally {
    db.close();
  }
}

/** The same on a PostgreSQL store: only SELECTs, never a migration. */
function verifyAuditPostgres(url: string, expected?: { seq: number; hash: string }): FileAuditVerification {
  const shown = redactedUrl(url);
  const db = new PgDatabase({
    url,
    connectTimeoutMs: 5_000,
    statementTimeoutMs: 60_000,
    retryAfterMs: 0,
    applicationName: 'headroom audit verify',
  });
  try {
    let version: number;
    try {
      version = schemaVersionPg(db);
    } catch (error) {
      if (error instanceof HeadroomError) throw error; // unreachable
      throw new HeadroomError('INPUT_INVALID', `${shown} is not a Headroom store (it has no Headroom schema)`);
    }
    if (version > MIGRATIONS.length)
      throw new HeadroomError(
        'INPUT_INVALID',
        `${shown} has schema version ${version}, newer than the ${MIGRATIONS.length} this Headroom knows; verify it with a newer Headroom`,
      );
    return verifyChain(db, expected);
  } finally {
    db.close();
  }
}

function verifyChain(db: SqlDatabase, expected?: { seq: number; hash: string }): FileAuditVerification {
  const result: FileAuditVerification = new AuditLog(db).verify();
  const newest = db
    .prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1')
    .get();
  if (newest) result.newest = newest;
  if (expected) {
    const row = db.prepare<[number], { hash: string }>('SELECT hash FROM audit WHERE seq = ?').get(expected.seq);
    result.expected = { ...expected, found: row?.hash === expected.hash };
  }
  return result;
}

function readVersion(db: Database.Database, path: string): number {
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    throw new HeadroomError('INPUT_INVALID', `cannot read store ${path}: ${(error as Error).message}`, { path });
  }
}
