import type { AuditLog } from './audit.js';
import { canonicalJson } from './canonical-json.js';
import { type RecommendationRow, type RevisionRow, toRecord, toRevision } from './recommendation-rows.js';
import type { SqlDatabase } from './sql.js';
import {
  CONFIDENCES,
  type MessageRef,
  RESOLUTIONS,
  type RecommendationContent,
  type RecommendationRecord,
  type RecommendationRevision,
  type Resolution,
  SYSTEM_ACTOR,
  VERDICTS,
} from './types.js';
import * as check from './validate.js';
import { inWriteTransaction } from './write-transaction.js';

/** Recommendations: at most one open per work unit; every change is a revision and an audit entry. */
export class Recommendations {
  constructor(
    private readonly db: SqlDatabase,
    private readonly audit: AuditLog,
  ) {}

  get(id: number): RecommendationRecord | undefined {
    const row = this.db.prepare<[number], RecommendationRow>('SELECT * FROM recommendations WHERE id = ?').get(id);
    return row && toRecord(row);
  }

  /** The recommendation whose Slack message is at (channel, ts): a thread's opening message. */
  byMessage(channel: string, ts: string): RecommendationRecord | undefined {
    const row = this.db
      .prepare<[string, string], RecommendationRow>(
        'SELECT * FROM recommendations WHERE message_channel = ? AND message_ts = ? ORDER BY id DESC LIMIT 1',
      )
      .get(channel, ts);
    return row && toRecord(row);
  }

  getOpen(workUnit: string): RecommendationRecord | undefined {
    const row = this.db
      .prepare<[string], RecommendationRow>(
        'SELECT * FROM recommendations WHERE work_unit = ? AND closed_at_ms IS NULL',
      )
      .get(workUnit);
    return row && toRecord(row);
  }

  /** Newest first. open: true = only open, false = only closed, undefined = both. */
  list(opts: { open?: boolean; workUnit?: string; limit?: number } = {}): RecommendationRecord[] {
    if (opts.open !== undefined && typeof opts.open !== 'boolean') throw check.invalid('open must be a boolean');
    const open = opts.open === undefined ? null : opts.open ? 1 : 0;
    const workUnit = check.optional(opts.workUnit, (v) => check.text('workUnit', v));
    return this.db
      .prepare<[number | null, number | null, string | null, string | null, number], RecommendationRow>(
        `SELECT * FROM recommendations
         WHERE (? IS NULL OR (CASE WHEN closed_at_ms IS NULL THEN 1 ELSE 0 END) = ?) AND (? IS NULL OR work_unit = ?)
         ORDER BY opened_at_ms DESC, id DESC LIMIT ?`,
      )
      .all(open, open, workUnit, workUnit, check.limit(opts.limit))
      .map(toRecord);
  }

  revisions(id: number): RecommendationRevision[] {
    return this.db
      .prepare<[number], RevisionRow>(
        'SELECT * FROM recommendation_revisions WHERE recommendation_id = ? ORDER BY revision',
      )
      .all(id)
      .map(toRevision);
  }

  open(input: { workUnit: string } & RecommendationContent): RecommendationRecord {
    const workUnit = check.text('workUnit', input.workUnit);
    const content = checkContent(input);
    return inWriteTransaction(this.db, () => {
      const existing = this.getOpen(workUnit);
      if (existing) {
        throw check.invalid(
          `${workUnit} already has an open recommendation (#${existing.id}, episode ${existing.episode}); update or close it first`,
          { workUnit, openId: existing.id },
        );
      }
      const episode = this.freshEpisode(workUnit, content.atMs);
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO recommendations (work_unit, episode, revision, verdict, confidence, summary, payload, opened_at_ms, updated_at_ms, message_version)
           VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, 1)`,
        )
        .run(
          workUnit,
          episode,
          content.verdict,
          content.confidence,
          content.summary,
          content.payloadText,
          content.atMs,
          content.atMs,
        );
      const record = this.get(Number(lastInsertRowid))!;
      this.recordRevision(record);
      this.audit.append({
        atMs: content.atMs,
        kind: 'recommendation.opened',
        actor: SYSTEM_ACTOR,
        payload: snapshot(record),
      });
      return record;
    });
  }

  /** Revision + 1, or the same record untouched (no audit entry) when nothing but the time differs. */
  update(id: number, input: RecommendationContent): RecommendationRecord {
    const content = checkContent(input);
    return inWriteTransaction(this.db, () => {
      const current = this.requireOpen(id, content.atMs, 'update');
      if (sameContent(current, content)) return current;
      this.db
        .prepare(
          `UPDATE recommendations SET revision = revision + 1, verdict = ?, confidence = ?, summary = ?, payload = ?, updated_at_ms = ?,
             message_version = message_version + 1
           WHERE id = ?`,
        )
        .run(content.verdict, content.confidence, content.summary, content.payloadText, content.atMs, id);
      const record = this.get(id)!;
      this.recordRevision(record);
      this.audit.append({
        atMs: content.atMs,
        kind: 'recommendation.updated',
        actor: SYSTEM_ACTOR,
        payload: snapshot(record),
      });
      return record;
    });
  }

  close(id: number, input: { atMs: number; resolution: Resolution }): RecommendationRecord {
    const atMs = check.epochMs('atMs', input.atMs);
    const resolution = check.oneOf('resolution', input.resolution, RESOLUTIONS);
    return inWriteTransaction(this.db, () => {
      const current = this.requireOpen(id, atMs, 'close');
      this.db
        .prepare(
          `UPDATE recommendations SET closed_at_ms = ?, resolution = ?, updated_at_ms = ?, message_version = message_version + 1
           WHERE id = ?`,
        )
        .run(atMs, resolution, atMs, id);
      const record = this.get(id)!;
      this.audit.append({
        atMs,
        kind: 'recommendation.closed',
        actor: SYSTEM_ACTOR,
        payload: {
          recommendationId: id,
          workUnit: current.workUnit,
          episode: current.episode,
          revision: current.revision,
          resolution,
        },
      });
      return record;
    });
  }

  /**
   * Closes, as "expired", every open recommendation last changed after `atMs`: episodes of a fleet
   * time later than the one about to be evaluated. That happens when a simulated clock starts
   * again from an earlier time on a store that outlived its run (a second `npm start` on the
   * demo). Each closes at its own last change, so the store's time order holds. Returns them.
   */
  expireLaterThan(atMs: number): RecommendationRecord[] {
    const later = this.list({ open: true }).filter((r) => r.updatedAtMs > atMs);
    return later.map((r) => this.close(r.id, { atMs: r.updatedAtMs, resolution: 'expired' }));
  }

  /**
   * The message version of a recommendation: bumped in the same transaction as every change its
   * Slack message shows (opened, updated, closed, a decision recorded).
   */
  messageVersion(id: number): number {
    const row = this.db.prepare('SELECT message_version FROM recommendations WHERE id = ?').get(id) as
      | { message_version: number }
      | undefined;
    return row?.message_version ?? 0;
  }

  /** The message now shows `version` (a later change keeps it lagging). */
  markMessageSynced(id: number, version: number): void {
    this.db
      .prepare('UPDATE recommendations SET message_synced_version = MAX(message_synced_version, ?) WHERE id = ?')
      .run(version, id);
  }

  /**
   * Recommendations whose message lags a change: open ones (posted or not) and closed ones with a
   * message to edit. Kept in the database, so what a failed post or a restart interrupted is done later.
   */
  laggingMessages(): number[] {
    return (
      this.db
        .prepare(
          `SELECT id FROM recommendations WHERE message_version > message_synced_version
             AND (closed_at_ms IS NULL OR message_ts IS NOT NULL) ORDER BY id`,
        )
        .all() as { id: number }[]
    ).map((r) => r.id);
  }

  /**
   * Remembers the Slack message showing this recommendation (allowed on closed ones too, to edit
   * the message on resolution). Not audited: it records where a message lives, not what Headroom
   * said or anyone decided, and the Slack layer learns it only after posting.
   */
  setMessageRef(id: number, ref: MessageRef): RecommendationRecord {
    const channel = check.text('channel', ref?.channel);
    const ts = check.text('ts', ref?.ts);
    const current = this.require(id);
    if (current.messageRef?.channel === channel && current.messageRef.ts === ts) return current;
    this.db.prepare('UPDATE recommendations SET message_channel = ?, message_ts = ? WHERE id = ?').run(channel, ts, id);
    return this.get(id)!;
  }

  private require(id: number): RecommendationRecord {
    const record = this.get(check.recordId('recommendation id', id));
    if (!record) throw check.invalid(`no recommendation #${id}`, { id });
    return record;
  }

  private requireOpen(id: number, atMs: number, action: string): RecommendationRecord {
    const record = this.require(id);
    if (record.closedAtMs !== null) {
      throw check.invalid(`cannot ${action} recommendation #${id}: it was closed (${record.resolution})`, { id });
    }
    if (atMs < record.updatedAtMs) {
      throw check.invalid(
        `cannot ${action} recommendation #${id} at ${atMs}: it was last changed later, at ${record.updatedAtMs}`,
        {
          id,
        },
      );
    }
    return record;
  }

  private recordRevision(record: RecommendationRecord): void {
    this.db
      .prepare(
        `INSERT INTO recommendation_revisions (recommendation_id, revision, at_ms, verdict, confidence, summary, payload)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        record.id,
        record.revision,
        record.updatedAtMs,
        record.verdict,
        record.confidence,
        record.summary,
        canonicalJson(record.payload),
      );
  }

  /** `${workUnit}-${atMs}`, suffixed in the unlikely case that episode name was already used. */
  private freshEpisode(workUnit: string, atMs: number): string {
    const taken = this.db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM recommendations WHERE episode = ?',
    );
    const base = `${workUnit}-${atMs}`;
    let episode = base;
    for (let n = 2; taken.get(episode)!.n > 0; n++) episode = `${base}-${n}`;
    return episode;
  }
}

type CheckedContent = Omit<RecommendationContent, 'payload'> & { payloadText: string };

function checkContent(input: RecommendationContent): CheckedContent {
  return {
    atMs: check.epochMs('atMs', input.atMs),
    verdict: check.oneOf('verdict', input.verdict, VERDICTS),
    confidence: check.oneOf('confidence', input.confidence, CONFIDENCES),
    summary: check.text('summary', input.summary),
    payloadText: canonicalJson(input.payload ?? null),
  };
}

function sameContent(current: RecommendationRecord, next: CheckedContent): boolean {
  // The stored payload is canonical JSON already, so text equality is value equality.
  return (
    current.verdict === next.verdict &&
    current.confidence === next.confidence &&
    current.summary === next.summary &&
    canonicalJson(current.payload) === next.payloadText
  );
}

/** What the audit log keeps of a revision: enough to replay what Headroom said, without Slack details. */
function snapshot(record: RecommendationRecord) {
  const { id, workUnit, episode, revision, verdict, confidence, summary, payload } = record;
  return { recommendationId: id, workUnit, episode, revision, verdict, confidence, summary, payload };
}
