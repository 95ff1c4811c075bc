import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { type AuditAnchor, appendAnchor, readAnchors } from './audit-anchor.js';
import { isPostgresUrl } from './postgres/open.js';
import { PgDatabase } from './postgres/pg-database.js';
import { type SqlDatabase, sqliteDatabase } from './sql.js';

/**
 * Appends the newest audit entry of the store (a SQLite file or a postgres:// URL) to the anchor file (read-only on the store); skips it when
 * that entry is already the file's last anchor. Returns the anchor, or undefined for an empty log.
 */
export function anchorNewestEntry(store: string, anchorFile: string, nowMs: number): AuditAnchor | undefined {
  const db: SqlDatabase = isPostgresUrl(store)
    ? new PgDatabase({
        url: store,
        connectTimeoutMs: 5_000,
        statementTimeoutMs: 30_000,
        retryAfterMs: 0,
        applicationName: 'headroom audit anchor',
      })
    : sqliteDatabase(new Database(store, { readonly: true, fileMustExist: true }));
  let row: { seq: number; hash: string; key_id: string } | undefined;
  try {
    row = db
      .prepare<[], { seq: number; hash: string; key_id: string }>(
        'SELECT seq, hash, key_id FROM audit ORDER BY seq DESC LIMIT 1',
      )
      .get();
  } finally {
    db.close();
  }
  if (!row) return undefined;
  const anchor = { seq: row.seq, hash: row.hash, keyId: row.key_id, atMs: nowMs };
  const last = existsSync(anchorFile) ? readAnchors(anchorFile).at(-1) : undefined;
  if (last?.seq === anchor.seq && last.hash === anchor.hash) return last;
  appendAnchor(anchorFile, anchor);
  return anchor;
}
