import { HeadroomError } from '../../../analytics/errors.js';
import { migratePg } from './migrations.js';
import { PgDatabase } from './pg-database.js';

export interface PostgresStoreOptions {
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** Shown in pg_stat_activity (which replica holds which connection). */
  applicationName?: string;
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** The URL without its password, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** Connects, migrates, and hands back the database; the caller owns it. */
export function openPostgresDatabase(url: string, options: PostgresStoreOptions = {}): PgDatabase {
  const shown = redactedUrl(url);
  try {
    new URL(url);
  } catch {
    throw new HeadroomError('CONFIG_INVALID', `HEADROOM_DB is not a valid PostgreSQL URL: ${shown}`);
  }
  const db = new PgDatabase({
    url,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    statementTimeoutMs: options.statementTimeoutMs ?? 15_000,
    retryAfterMs: 1_000,
    applicationName: options.applicationName ?? 'headroom',
  });
  try {
    migratePg(db, shown);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof HeadroomError) {
      if (err.code === 'RUNTIME') throw new HeadroomError('RUNTIME', `cannot open store ${shown}: ${err.message}`);
      throw err;
    }
    throw new HeadroomError('INPUT_INVALID', `cannot open store ${shown}: ${(err as Error).message}`, { url: shown });
  }
}
