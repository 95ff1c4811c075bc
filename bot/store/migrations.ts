import type Database from 'better-sqlite3';
import { HeadroomError } from '../../analytics/errors.js';

/**
 * The schema, as an ordered list of steps. Step i brings the database to user_version i + 1.
 * Never edit a step that has shipped; append a new one.
 */
export const MIGRATIONS: readonly { description: string; sql: string }[] = [
  {
    description: 'observations, recommendations, decisions, audit log, meta',
    sql: `
      CREATE TABLE observations (
        id INTEGER PRIMARY KEY,
        at_ms INTEGER NOT NULL,
        work_unit TEXT NOT NULL,
        verdict TEXT NOT NULL,
        confidence TEXT NOT NULL,
        load REAL,
        safe_capacity REAL,
        headroom REAL,
        signals TEXT NOT NULL
      );
      CREATE INDEX observations_by_unit_time ON observations (work_unit, at_ms);

      CREATE TABLE recommendations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        work_unit TEXT NOT NULL,
        episode TEXT NOT NULL UNIQUE,
        revision INTEGER NOT NULL,
        verdict TEXT NOT NULL,
        confidence TEXT NOT NULL,
        summary TEXT NOT NULL,
        payload TEXT NOT NULL,
        opened_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        closed_at_ms INTEGER,
        resolution TEXT CHECK (resolution IN ('recovered', 'superseded', 'expired')),
        message_channel TEXT,
        message_ts TEXT,
        CHECK ((closed_at_ms IS NULL) = (resolution IS NULL))
      );
      -- One open recommendation per unit, enforced by the database itself so that replicated
      -- bots sharing one file cannot both open one.
      CREATE UNIQUE INDEX one_open_recommendation_per_unit ON recommendations (work_unit) WHERE closed_at_ms IS NULL;

      CREATE TABLE recommendation_revisions (
        recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
        revision INTEGER NOT NULL,
        at_ms INTEGER NOT NULL,
        verdict TEXT NOT NULL,
        confidence TEXT NOT NULL,
        summary TEXT NOT NULL,
        payload TEXT NOT NULL,
        PRIMARY KEY (recommendation_id, revision)
      );

      CREATE TABLE decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        recommendation_id INTEGER NOT NULL REFERENCES recommendations (id),
        user_id TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('follow', 'override', 'not-an-incident')),
        content TEXT NOT NULL,
        followed INTEGER NOT NULL CHECK (followed IN (0, 1))
      );
      CREATE INDEX decisions_by_time ON decisions (at_ms);
      CREATE INDEX decisions_by_recommendation ON decisions (recommendation_id);

      CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at_ms INTEGER NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT NOT NULL,
        payload TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      -- Append-only. The hash chain is the real guarantee (verifyAudit catches edits made after
      -- these triggers are dropped); the triggers stop accidents and casual tampering.
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    description: 'Claude conversations per Slack thread (bounded, with a summary) and usage per question',
    sql: `
      CREATE TABLE conversations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        channel TEXT NOT NULL,
        thread_ts TEXT NOT NULL,
        recommendation_id INTEGER REFERENCES recommendations (id),
        summary TEXT NOT NULL DEFAULT '',
        folded_turns INTEGER NOT NULL DEFAULT 0,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        UNIQUE (channel, thread_ts)
      );

      -- One question and its answer, both as sent to and received from Claude (redacted).
      CREATE TABLE conversation_turns (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_id INTEGER NOT NULL REFERENCES conversations (id),
        at_ms INTEGER NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL
      );
      CREATE INDEX conversation_turns_by_conversation ON conversation_turns (conversation_id, id);

      CREATE TABLE agent_usage (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at_ms INTEGER NOT NULL,
        channel TEXT,
        thread_ts TEXT,
        model TEXT NOT NULL,
        outcome TEXT NOT NULL,
        tool_rounds INTEGER NOT NULL,
        model_calls INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL
      );
      CREATE INDEX agent_usage_by_time ON agent_usage (at_ms);
    `,
  },
  {
    description: 'find a recommendation by the Slack message that shows it (thread replies)',
    sql: `CREATE INDEX recommendations_by_message ON recommendations (message_channel, message_ts);`,
  },
  {
    description:
      'which Slack messages lag their recommendation: a version bumped by every change the message shows, and the version last shown',
    sql: `
      ALTER TABLE recommendations ADD COLUMN message_version INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE recommendations ADD COLUMN message_synced_version INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX recommendations_lagging_messages ON recommendations (id) WHERE message_version > message_synced_version;
    `,
  },
  {
    description:
      'issue-14 pre-computed analytics: learned sets (baselines, hourly load, connection norms) and their forecasts, with input range, code version and when computed',
    sql: `
      CREATE TABLE precomputed_sets (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        fingerprint TEXT NOT NULL,
        code_version TEXT NOT NULL,
        as_of_ms INTEGER NOT NULL,
        input_start_ms INTEGER NOT NULL,
        input_end_ms INTEGER NOT NULL,
        input_step_ms INTEGER NOT NULL,
        computed_at_ms INTEGER NOT NULL,
        compute_ms REAL NOT NULL,
        checksum TEXT NOT NULL,
        payload BLOB NOT NULL
      );
      CREATE INDEX precomputed_sets_by_fleet ON precomputed_sets (fingerprint, as_of_ms);
      CREATE TABLE precomputed_forecasts (
        set_id INTEGER NOT NULL REFERENCES precomputed_sets (id) ON DELETE CASCADE,
        work_unit TEXT NOT NULL,
        kind TEXT NOT NULL,
        model TEXT NOT NULL,
        input_start_ms INTEGER NOT NULL,
        input_end_ms INTEGER NOT NULL,
        computed_at_ms INTEGER NOT NULL,
        checksum TEXT NOT NULL,
        payload BLOB NOT NULL,
        PRIMARY KEY (set_id, work_unit, kind)
      );
    `,
  },
  {
    description:
      'issue-16 incidents: lifecycle, evidence timeline (stable evidence ids), linked recommendations, snoozes and maintenance windows',
    sql: `
      CREATE TABLE incidents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        work_unit TEXT NOT NULL,
        trigger TEXT NOT NULL CHECK (trigger IN ('recommendation', 'declared', 'critical-alert')),
        state TEXT NOT NULL CHECK (state IN ('open', 'mitigating', 'resolved', 'analysed')),
        declared_by TEXT,
        first_signal_ms INTEGER NOT NULL,
        opened_at_ms INTEGER NOT NULL,
        decided_at_ms INTEGER,
        recovered_at_ms INTEGER,
        resolved_at_ms INTEGER,
        analysed_at_ms INTEGER,
        healthy_streak INTEGER NOT NULL DEFAULT 0,
        streak_start_ms INTEGER,
        reminded_at_ms INTEGER,
        thread_channel TEXT,
        thread_ts TEXT,
        hypotheses TEXT NOT NULL DEFAULT '[]',
        postmortem_markdown TEXT,
        postmortem_by TEXT,
        updated_at_ms INTEGER NOT NULL
      );
      -- One active incident per unit: a relapse continues it instead of opening a second one.
      CREATE UNIQUE INDEX one_active_incident_per_unit ON incidents (work_unit) WHERE state IN ('open', 'mitigating');
      CREATE INDEX incidents_by_thread ON incidents (thread_channel, thread_ts);

      CREATE TABLE incident_recommendations (
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        recommendation_id INTEGER NOT NULL UNIQUE REFERENCES recommendations (id),
        PRIMARY KEY (incident_id, recommendation_id)
      );

      -- The timeline: every entry is evidence with an id that is stable within its incident.
      CREATE TABLE incident_evidence (
        incident_id INTEGER NOT NULL REFERENCES incidents (id),
        evidence_id TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        kind TEXT NOT NULL,
        source TEXT NOT NULL,
        work_unit TEXT,
        summary TEXT NOT NULL,
        figures TEXT NOT NULL,
        facts TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'unknown')),
        untrusted INTEGER NOT NULL CHECK (untrusted IN (0, 1)),
        PRIMARY KEY (incident_id, evidence_id)
      );
      CREATE INDEX incident_evidence_by_time ON incident_evidence (incident_id, at_ms);

      CREATE TABLE snoozes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        work_unit TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('snooze', 'maintenance')),
        from_ms INTEGER NOT NULL,
        until_ms INTEGER NOT NULL,
        reason TEXT NOT NULL,
        actor TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        CHECK (until_ms > from_ms)
      );
      CREATE INDEX snoozes_by_unit ON snoozes (work_unit, until_ms);
    `,
  },
  {
    description: 'issue 19: Slack delivery ledger (replay guard), audit key ids (keyed chain)',
    sql: `
      CREATE TABLE slack_deliveries (
        delivery_key TEXT PRIMARY KEY,
        expires_at_ms INTEGER NOT NULL
      );
      CREATE INDEX slack_deliveries_expiry ON slack_deliveries (expires_at_ms);
      ALTER TABLE audit ADD COLUMN key_id TEXT NOT NULL DEFAULT 'sha256';
    `,
  },
];

/**
 * Brings the database up to the newest schema, one transaction per step, and refuses a database
 * written by a newer Headroom. Returns the resulting version.
 */
export function migrate(db: Database.Database, location: string): number {
  const known = MIGRATIONS.length;
  const step = db.transaction(() => {
    // Read inside the write lock: another process sharing the file may have migrated meanwhile.
    const current = userVersion(db);
    if (current > known) throw newerSchema(location, current, known);
    if (current === known) return;
    db.exec(MIGRATIONS[current]!.sql);
    db.pragma(`user_version = ${current + 1}`);
  });
  for (;;) {
    const current = userVersion(db);
    if (current > known) throw newerSchema(location, current, known);
    if (current === known) return current;
    step.immediate();
  }
}

function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function newerSchema(location: string, found: number, known: number): HeadroomError {
  return new HeadroomError(
    'INPUT_INVALID',
    `store ${location} has schema version ${found}, newer than the ${known} this Headroom knows; ` +
      'upgrade Headroom or use another --db file',
    { location, found, known },
  );
}
