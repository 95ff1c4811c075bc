// Deploy events received by the webhook, in SQLite, so the change feed survives restarts. One row
// per event id (a GitHub deployment, an Argo CD app revision): a later status replaces an earlier
// one, an older one arriving late does not.
import Database from 'better-sqlite3';
import type { WorkUnitId } from '../../analytics/types.js';
import type { DeployEvent } from '../sources/evidence.js';

export type StoreOutcome = 'new' | 'updated' | 'stale';

interface Row {
  id: string;
  work_unit: string;
  service: string;
  version: string;
  time_ms: number;
  status: DeployEvent['status'];
  source: string;
  actor: string | null;
  description: string | null;
  status_ms: number;
}

export class DeployStore {
  private readonly db: Database.Database;

  constructor(file: string, options: { readonly?: boolean } = {}) {
    this.db = new Database(file, options.readonly ? { readonly: true, fileMustExist: true } : {});
    if (options.readonly) return;
    this.db.pragma('journal_mode = WAL');
    // Acknowledged means on disk: the webhook's 200 goes out after the commit.
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS deploy_events (
        id TEXT PRIMARY KEY,
        work_unit TEXT NOT NULL,
        service TEXT NOT NULL,
        version TEXT NOT NULL,
        time_ms INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('started', 'succeeded', 'failed', 'rolled-back', 'unknown')),
        source TEXT NOT NULL,
        actor TEXT,
        description TEXT,
        status_ms INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS deploy_events_unit_time ON deploy_events (work_unit, time_ms);
    `);
  }

  /** Stores the event; `statusMs` orders updates of the same id (a late older status is stale). */
  record(event: DeployEvent, statusMs: number): StoreOutcome {
    const tx = this.db.transaction((): StoreOutcome => {
      const old = this.db.prepare('SELECT status_ms FROM deploy_events WHERE id = ?').get(event.id) as
        | { status_ms: number }
        | undefined;
      if (old && old.status_ms > statusMs) return 'stale';
      this.db
        .prepare(
          `INSERT INTO deploy_events (id, work_unit, service, version, time_ms, status, source, actor, description, status_ms)
           VALUES (@id, @workUnit, @service, @version, @timeMs, @status, @source, @actor, @description, @statusMs)
           ON CONFLICT(id) DO UPDATE SET status = excluded.status, status_ms = excluded.status_ms,
             description = coalesce(excluded.description, deploy_events.description), version = excluded.version`,
        )
        .run({ ...event, actor: event.actor ?? null, description: event.description ?? null, statusMs });
      return old ? 'updated' : 'new';
    });
    return tx();
  }

  list(startMs: number, endMs: number, workUnit?: WorkUnitId): DeployEvent[] {
    const rows = (
      workUnit === undefined
        ? this.db
            .prepare('SELECT * FROM deploy_events WHERE time_ms BETWEEN ? AND ? ORDER BY time_ms DESC, id')
            .all(startMs, endMs)
        : this.db
            .prepare(
              'SELECT * FROM deploy_events WHERE work_unit = ? AND time_ms BETWEEN ? AND ? ORDER BY time_ms DESC, id',
            )
            .all(workUnit, startMs, endMs)
    ) as Row[];
    return rows.map((r) => ({
      id: r.id,
      workUnit: r.work_unit,
      service: r.service,
      version: r.version,
      timeMs: r.time_ms,
      status: r.status,
      source: r.source,
      ...(r.actor ? { actor: r.actor } : {}),
      ...(r.description ? { description: r.description } : {}),
    }));
  }

  close(): void {
    this.db.close();
  }
}
