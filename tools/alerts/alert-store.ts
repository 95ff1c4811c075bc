// Accepted alerts in SQLite, so nothing acknowledged to Alertmanager is lost across a restart.
// One row per fingerprint: the newest state wins. Notifications that arrive out of order are
// ignored: a resolution older than the firing it would clear (a late notification of an earlier
// incident), and a firing of an instance already resolved (an HA pair's late copy, a retry).
import Database from 'better-sqlite3';
import type { WorkUnitId } from '../../analytics/types.js';
import type { AlertEvent } from './webhook-payload.js';

export interface ActiveAlert {
  fingerprint: string;
  workUnit: WorkUnitId;
  alertName: string;
  startsAtMs: number;
  summary: string;
  /** When Alertmanager last notified this alert (firing notifications repeat every repeat_interval). */
  lastNotifiedMs: number;
}

export type ApplyOutcome = 'new' | 'changed' | 'duplicate' | 'stale';

export class AlertStore {
  private readonly db: Database.Database;
  private readonly selectOne: Database.Statement<[string], { status: string; starts_at_ms: number }>;
  private readonly upsert: Database.Statement;
  private readonly setHeartbeat: Database.Statement;
  private readonly touch: Database.Statement;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // Acknowledged means on disk: the 200 goes out only after the commit.
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS alert_state (
        fingerprint TEXT PRIMARY KEY,
        work_unit TEXT NOT NULL,
        alert_name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('firing', 'resolved')),
        starts_at_ms INTEGER NOT NULL,
        summary TEXT NOT NULL,
        labels_json TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS alert_state_unit ON alert_state (work_unit, status);
      CREATE TABLE IF NOT EXISTS intake_heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), last_webhook_ms INTEGER NOT NULL);
    `);
    this.selectOne = this.db.prepare('SELECT status, starts_at_ms FROM alert_state WHERE fingerprint = ?');
    this.upsert = this.db.prepare(`
      INSERT INTO alert_state (fingerprint, work_unit, alert_name, status, starts_at_ms, summary, labels_json, updated_at_ms)
      VALUES (@fingerprint, @workUnit, @alertName, @status, @startsAtMs, @summary, @labelsJson, @nowMs)
      ON CONFLICT (fingerprint) DO UPDATE SET work_unit = excluded.work_unit, alert_name = excluded.alert_name,
        status = excluded.status, starts_at_ms = excluded.starts_at_ms, summary = excluded.summary,
        labels_json = excluded.labels_json, updated_at_ms = excluded.updated_at_ms`);
    this.touch = this.db.prepare('UPDATE alert_state SET updated_at_ms = ? WHERE fingerprint = ?');
    this.setHeartbeat = this.db.prepare(
      'INSERT INTO intake_heartbeat (id, last_webhook_ms) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last_webhook_ms = excluded.last_webhook_ms',
    );
  }

  /** Applies one webhook's events atomically and records the heartbeat; returns each event's outcome. */
  apply(events: readonly AlertEvent[], nowMs: number): ApplyOutcome[] {
    return this.db.transaction(() => {
      this.setHeartbeat.run(nowMs);
      return events.map((e) => this.applyOne(e, nowMs));
    })();
  }

  /** Several webhooks in one transaction (group commit); outcomes per webhook, in order. */
  applyBatch(batches: readonly (readonly AlertEvent[])[], nowMs: number): ApplyOutcome[][] {
    return this.db.transaction(() => {
      this.setHeartbeat.run(nowMs);
      return batches.map((events) => events.map((e) => this.applyOne(e, nowMs)));
    })();
  }

  /** Records that Alertmanager was heard from (an authentic webhook, even with no usable alert). */
  heartbeat(nowMs: number): void {
    this.setHeartbeat.run(nowMs);
  }

  lastWebhookMs(): number | undefined {
    const row = this.db.prepare('SELECT last_webhook_ms FROM intake_heartbeat WHERE id = 1').get() as
      | { last_webhook_ms: number }
      | undefined;
    return row?.last_webhook_ms;
  }

  firing(workUnits?: readonly WorkUnitId[]): ActiveAlert[] {
    const rows = this.db
      .prepare(
        "SELECT fingerprint, work_unit, alert_name, starts_at_ms, summary, updated_at_ms FROM alert_state WHERE status = 'firing' ORDER BY starts_at_ms",
      )
      .all() as Array<{
      fingerprint: string;
      work_unit: string;
      alert_name: string;
      starts_at_ms: number;
      summary: string;
      updated_at_ms: number;
    }>;
    const wanted = workUnits ? new Set(workUnits) : undefined;
    return rows
      .filter((r) => !wanted || wanted.has(r.work_unit))
      .map((r) => ({
        fingerprint: r.fingerprint,
        workUnit: r.work_unit,
        alertName: r.alert_name,
        startsAtMs: r.starts_at_ms,
        summary: r.summary,
        lastNotifiedMs: r.updated_at_ms,
      }));
  }

  close(): void {
    this.db.close();
  }

  private applyOne(e: AlertEvent, nowMs: number): ApplyOutcome {
    const current = this.selectOne.get(e.fingerprint);
    if (current && current.status === e.status && current.starts_at_ms === e.startsAtMs) {
      this.touch.run(nowMs, e.fingerprint); // a repeat: the alert is still current
      return 'duplicate';
    }
    if (current && e.status === 'resolved' && current.status === 'firing' && e.startsAtMs < current.starts_at_ms)
      return 'stale';
    // the same instance (same start) was resolved already; a re-fire would start later
    if (current && e.status === 'firing' && current.status === 'resolved' && e.startsAtMs <= current.starts_at_ms)
      return 'stale';
    this.upsert.run({
      fingerprint: e.fingerprint,
      workUnit: e.workUnit,
      alertName: e.alertName,
      status: e.status,
      startsAtMs: e.startsAtMs,
      summary: e.summary,
      labelsJson: JSON.stringify(e.labels),
      nowMs,
    });
    return current ? 'changed' : 'new';
  }
}
