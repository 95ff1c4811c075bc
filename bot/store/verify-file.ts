import Database from 'better-sqlite3';
import { HeadroomError } from '../../analytics/errors.js';
import { type AuditGuarantees, AuditLog } from './audit.js';
import { type AnchorCheck, checkAnchors, readAnchors } from './audit-anchor.js';
import { type AuditKeyring, NO_AUDIT_KEYS } from './audit-keys.js';
import { MIGRATIONS } from './migrations.js';
import { schemaVersionPg } from './postgres/migrations.js';
import { isPostgresUrl, redactedUrl } from './postgres/open.js';
import { PgDatabase } from './postgres/pg-database.js';
import { type SqlDatabase, sqliteDatabase } from './sql.js';
import type { AuditVerification } from './types.js';

export type FileAuditVerification = AuditVerification & {
  guarantees: AuditGuarantees;
  /** The newest entry, to record somewhere else: removing entries from the end is invisible to the chain alone. */
  newest?: { seq: number; hash: string; keyId: string };
  /** When an expected newest entry was given: whether the log still holds it, with that hash. */
  expected?: { seq: number; hash: string; found: boolean };
  /** When an anchor file was given: whether every anchored entry is still there unchanged. */
  anchor?: AnchorCheck & { file: string };
};

export interface VerifyFileOptions {
  expected?: { seq: number; hash: string };
  keys?: AuditKeyring;
  anchorFile?: string;
  /** Accept unkeyed entries before the first keyed one (a store that predates keying). */
  allowUnkeyedPrefix?: boolean;
}

/**
 * Verifies the audit chain of a store file without changing it: opened read-only, never created
 * or migrated (a verifier that writes to what it checks proves less). A file without Headroom's
 * schema, or written by a newer Headroom, is an error, not "0 entries verified". With the keys it
 * checks every keyed entry's HMAC; with `expected` or an anchor file it also tells whether those
 * entries are still there unchanged, which catches entries removed from the end and a chain
 * re-signed by someone holding the key.
 */
export function verifyAuditFile(path: string, options: VerifyFileOptions = {}): FileAuditVerification {
  if (isPostgresUrl(path)) return verifyAuditPostgres(path, options);
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
    return verifyChain(sqliteDatabase(db), options);
  } finally {
    db.close();
  }
}

/** The same on a PostgreSQL store: only SELECTs, never a migration. */
function verifyAuditPostgres(url: string, options: VerifyFileOptions): FileAuditVerification {
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
    return verifyChain(db, options);
  } finally {
    db.close();
  }
}

function verifyChain(db: SqlDatabase, options: VerifyFileOptions): FileAuditVerification {
  const result: FileAuditVerification = new AuditLog(db, options.keys ?? NO_AUDIT_KEYS).verifyDetailed({
    allowUnkeyedPrefix: options.allowUnkeyedPrefix ?? false,
  });
  const newest = db
    .prepare<[], { seq: number; hash: string; key_id: string }>(
      'SELECT seq, hash, key_id FROM audit ORDER BY seq DESC LIMIT 1',
    )
    .get();
  if (newest) result.newest = { seq: newest.seq, hash: newest.hash, keyId: newest.key_id };
  const hashAt = db.prepare<[number], { hash: string }>('SELECT hash FROM audit WHERE seq = ?');
  const hashOf = (seq: number) => hashAt.get(seq)?.hash;
  if (options.expected) {
    result.expected = { ...options.expected, found: hashOf(options.expected.seq) === options.expected.hash };
  }
  if (options.anchorFile) {
    result.anchor = { ...checkAnchors(readAnchors(options.anchorFile), hashOf), file: options.anchorFile };
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
