import Database from 'better-sqlite3';
import { HeadroomError } from '../../analytics/errors.js';
import { AuditLog } from './audit.js';
import { MIGRATIONS } from './migrations.js';
import { sqliteDatabase } from './sql.js';
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
    const result: FileAuditVerification = new AuditLog(sqliteDatabase(db)).verify();
    const newest = db
      .prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1')
      .get();
    if (newest) result.newest = newest;
    if (expected) {
      const row = db.prepare<[number], { hash: string }>('SELECT hash FROM audit WHERE seq = ?').get(expected.seq);
      result.expected = { ...expected, found: row?.hash === expected.hash };
    }
    return result;
  } finally {
    db.close();
  }
}

function readVersion(db: Database.Database, path: string): number {
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    throw new HeadroomError('INPUT_INVALID', `cannot read store ${path}: ${(error as Error).message}`, { path });
  }
}
