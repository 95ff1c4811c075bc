import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { HeadroomError } from '../../analytics/errors.js';
import { AgentUsageLog } from './agent-usage.js';
import { AuditLog } from './audit.js';
import type { AuditKeyring } from './audit-keys.js';
import { Conversations } from './conversations.js';
import { Decisions } from './decisions.js';
import { Incidents } from './incidents.js';
import { migrate } from './migrations.js';
import { Observations } from './observations.js';
import { isPostgresUrl, openPostgresDatabase, type PostgresStoreOptions } from './postgres/open.js';
import { Recommendations } from './recommendations.js';
import { SqlDeliveryLedger } from './slack-deliveries.js';
import { type SqlDatabase, sqliteDatabase } from './sql.js';
import type {
  Agreement,
  AuditEntry,
  AuditInput,
  AuditVerification,
  DecisionInput,
  DecisionRecord,
  MessageRef,
  ObservationInput,
  ObservationRecord,
  RecommendationContent,
  RecommendationRecord,
  RecommendationRevision,
  Resolution,
} from './types.js';
import * as check from './validate.js';
import { inWriteTransaction } from './write-transaction.js';

/** How long a writer waits for another process holding the lock (replicas share one file). */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating if needed) the SQLite store at path, an in-memory one for ':memory:', or the
 * PostgreSQL database at a postgres:// URL, and brings its schema up to date. Throws
 * HeadroomError INPUT_INVALID when the store was written by a newer Headroom, or is not a
 * Headroom store at all; RUNTIME when PostgreSQL cannot be reached.
 */
export interface StoreOptions extends PostgresStoreOptions {
  /** HMAC keys for the audit chain (from the environment or a file, never the store). */
  auditKeys?: AuditKeyring;
}

export function openStore(location: string, options: StoreOptions = {}): Store {
  if (isPostgresUrl(location)) return new Store(openPostgresDatabase(location, options), options);
  return new Store(sqliteDatabase(connect(location)), options);
}

/** The configured, migrated connection behind a Store (exported for tests of the pragmas). */
export function connect(path: string): Database.Database {
  check.text('store path', path);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof HeadroomError) throw error;
    throw new HeadroomError('INPUT_INVALID', `cannot open store ${path}: ${(error as Error).message}`, { path });
  }
}

/**
 * Headroom's memory: observations, recommendations, human decisions, the audit log, meta.
 * Every mutation writes its audit entry in the same transaction. Times are passed in.
 */
export class Store {
  private readonly audit: AuditLog;
  private readonly recommendations: Recommendations;
  private readonly decisions: Decisions;
  private readonly observations: Observations;
  /** Claude's thread memory (bot/agent). */
  readonly conversations: Conversations;
  /** Claude usage and cost per question, summed per day. */
  readonly agentUsage: AgentUsageLog;
  /** Incidents, their evidence timelines and snoozes (bot/incidents). */
  readonly incidents: Incidents;
  /** Slack HTTP deliveries already accepted (replay guard shared by replicas). */
  readonly slackDeliveries: SqlDeliveryLedger;

  constructor(
    private readonly db: SqlDatabase,
    options: StoreOptions = {},
  ) {
    this.conversations = new Conversations(db);
    this.agentUsage = new AgentUsageLog(db);
    this.slackDeliveries = new SqlDeliveryLedger(db);
    this.audit = new AuditLog(db, options.auditKeys);
    this.recommendations = new Recommendations(db, this.audit);
    this.decisions = new Decisions(db, this.audit);
    this.observations = new Observations(db, this.audit);
    this.incidents = new Incidents(db, this.audit);
  }

  // ---- observations ----

  recordObservations(atMs: number, rows: ObservationInput[]): void {
    this.observations.record(atMs, rows);
  }

  listObservations(opts: { workUnit?: string; sinceMs?: number; limit?: number } = {}): ObservationRecord[] {
    return this.observations.list(opts);
  }

  // ---- recommendations ----

  getOpenRecommendation(workUnit: string): RecommendationRecord | undefined {
    return this.recommendations.getOpen(workUnit);
  }

  getRecommendation(id: number): RecommendationRecord | undefined {
    return this.recommendations.get(id);
  }

  /** The recommendation shown by the Slack message at (channel, ts), open or closed. */
  recommendationOfMessage(channel: string, ts: string): RecommendationRecord | undefined {
    return this.recommendations.byMessage(channel, ts);
  }

  listRecommendations(opts: { open?: boolean; workUnit?: string; limit?: number } = {}): RecommendationRecord[] {
    return this.recommendations.list(opts);
  }

  listRecommendationRevisions(id: number): RecommendationRevision[] {
    return this.recommendations.revisions(id);
  }

  openRecommendation(input: { workUnit: string } & RecommendationContent): RecommendationRecord {
    return this.recommendations.open(input);
  }

  updateRecommendation(id: number, input: RecommendationContent): RecommendationRecord {
    return this.recommendations.update(id, input);
  }

  closeRecommendation(id: number, input: { atMs: number; resolution: Resolution }): RecommendationRecord {
    return this.recommendations.close(id, input);
  }

  /** Closes as "expired" the open recommendations last changed after `atMs` (a clock started over). */
  expireRecommendationsLaterThan(atMs: number): RecommendationRecord[] {
    return this.recommendations.expireLaterThan(atMs);
  }

  /** Bumped with every change the recommendation's Slack message shows. */
  messageVersion(id: number): number {
    return this.recommendations.messageVersion(id);
  }

  markMessageSynced(id: number, version: number): void {
    this.recommendations.markMessageSynced(id, version);
  }

  /** Recommendations whose Slack message lags a change (kept across restarts). */
  laggingMessages(): number[] {
    return this.recommendations.laggingMessages();
  }

  /** Where the Slack message for this recommendation lives; survives restarts. */
  setMessageRef(id: number, ref: MessageRef): RecommendationRecord {
    return this.recommendations.setMessageRef(id, ref);
  }

  // ---- decisions ----

  recordDecision(input: DecisionInput): DecisionRecord {
    return this.decisions.record(input);
  }

  listDecisions(opts: { recommendationId?: number; sinceMs?: number; limit?: number } = {}): DecisionRecord[] {
    return this.decisions.list(opts);
  }

  /** How many decisions of each kind the store holds (every click, not only the latest per person). */
  decisionCounts(): Record<string, number> {
    return this.decisions.countsByKind();
  }

  agreement(opts: { sinceMs?: number } = {}): Agreement {
    return this.decisions.agreement(opts);
  }

  // ---- audit ----

  /** For callers' own events ('access.refused', …). */
  appendAudit(input: AuditInput): AuditEntry {
    return inWriteTransaction(this.db, () => this.audit.append(input));
  }

  listAudit(opts: { sinceSeq?: number; limit?: number } = {}): AuditEntry[] {
    return this.audit.listEntries(opts);
  }

  verifyAudit(): AuditVerification {
    return this.audit.verify();
  }

  // ---- meta ----

  getMeta(key: string): string | undefined {
    const row = this.db
      .prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?')
      .get(check.text('key', key));
    return row?.value;
  }

  /** Bookkeeping (e.g. "last weekly report run at"), not audited. */
  setMeta(key: string, value: string): void {
    if (typeof value !== 'string') throw check.invalid(`meta value must be a string, got ${typeof value}`);
    this.db
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(check.text('key', key), value);
  }

  /** 'sqlite' (one file, the embedded default) or 'postgres' (shared by replicas). */
  get kind(): SqlDatabase['dialect'] {
    return this.db.dialect;
  }

  /** One round trip to the database; throws when it cannot be reached (readiness). */
  ping(): void {
    this.db.prepare('SELECT 1').get();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
