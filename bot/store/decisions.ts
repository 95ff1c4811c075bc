import type { AuditLog } from './audit.js';
import { canonicalJson } from './canonical-json.js';
import type { SqlDatabase } from './sql.js';
import { type Agreement, DECISION_KINDS, type DecisionInput, type DecisionRecord } from './types.js';
import * as check from './validate.js';
import { inWriteTransaction } from './write-transaction.js';

interface DecisionRow {
  id: number;
  recommendation_id: number;
  user_id: string;
  at_ms: number;
  kind: string;
  content: string;
  followed: number;
}

/** What humans decided on each recommendation: the measure of shadow-mode agreement. */
export class Decisions {
  constructor(
    private readonly db: SqlDatabase,
    private readonly audit: AuditLog,
  ) {}

  record(input: DecisionInput): DecisionRecord {
    const recommendationId = check.recordId('recommendationId', input.recommendationId);
    const userId = check.text('userId', input.userId);
    const atMs = check.epochMs('atMs', input.atMs);
    const kind = check.oneOf('kind', input.kind, DECISION_KINDS);
    if (typeof input.content !== 'object' || input.content === null || Array.isArray(input.content)) {
      throw check.invalid('content must be a JSON object');
    }
    if (typeof input.followedRecommendation !== 'boolean')
      throw check.invalid('followedRecommendation must be a boolean');
    const contentText = canonicalJson(input.content);
    const followed = input.followedRecommendation;
    return inWriteTransaction(this.db, () => {
      const exists = this.db.prepare('SELECT 1 FROM recommendations WHERE id = ?').get(recommendationId);
      if (!exists) throw check.invalid(`no recommendation #${recommendationId} to decide on`, { recommendationId });
      const { lastInsertRowid } = this.db
        .prepare(
          'INSERT INTO decisions (recommendation_id, user_id, at_ms, kind, content, followed) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(recommendationId, userId, atMs, kind, contentText, followed ? 1 : 0);
      // the recommendation's message shows its decisions
      this.db
        .prepare('UPDATE recommendations SET message_version = message_version + 1 WHERE id = ?')
        .run(recommendationId);
      const record: DecisionRecord = {
        id: Number(lastInsertRowid),
        recommendationId,
        userId,
        atMs,
        kind,
        content: JSON.parse(contentText) as object,
        followedRecommendation: followed,
      };
      const { id, content } = record;
      this.audit.append({
        atMs,
        kind: 'decision.recorded',
        actor: userId,
        payload: { decisionId: id, recommendationId, kind, content, followedRecommendation: followed },
      });
      return record;
    });
  }

  /** Newest first; sinceMs is inclusive. */
  list(opts: { recommendationId?: number; sinceMs?: number; limit?: number } = {}): DecisionRecord[] {
    const recommendationId = check.optional(opts.recommendationId, (v) => check.recordId('recommendationId', v));
    const sinceMs = check.optional(opts.sinceMs, (v) => check.epochMs('sinceMs', v));
    return this.db
      .prepare<[number | null, number | null, number | null, number | null, number], DecisionRow>(
        `SELECT * FROM decisions
         WHERE (? IS NULL OR recommendation_id = ?) AND (? IS NULL OR at_ms >= ?)
         ORDER BY at_ms DESC, id DESC LIMIT ?`,
      )
      .all(recommendationId, recommendationId, sinceMs, sinceMs, check.limit(opts.limit))
      .map(toRecord);
  }

  countsByKind(): Record<string, number> {
    const rows = this.db
      .prepare<[], { kind: string; n: number }>('SELECT kind, count(*) AS n FROM decisions GROUP BY kind ORDER BY kind')
      .all();
    return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
  }

  /**
   * Share of decisions (since sinceMs, inclusive) that followed Headroom's recommendation. Each
   * person's decision on a recommendation counts once, as their latest: a double click is one
   * decision, and Follow then Override is a change of mind, not two decisions.
   */
  agreement(opts: { sinceMs?: number } = {}): Agreement {
    const sinceMs = check.optional(opts.sinceMs, (v) => check.epochMs('sinceMs', v));
    const row = this.db
      .prepare<[number | null, number | null], { decisions: number; followed: number | null }>(
        `SELECT count(*) AS decisions, sum(followed) AS followed FROM (
           SELECT followed, row_number() OVER (PARTITION BY recommendation_id, user_id ORDER BY at_ms DESC, id DESC) AS nth
           FROM decisions WHERE (? IS NULL OR at_ms >= ?)
         ) AS latest WHERE nth = 1`,
      )
      .get(sinceMs, sinceMs)!;
    const followed = row.followed ?? 0;
    return { decisions: row.decisions, followed, rate: row.decisions === 0 ? null : followed / row.decisions };
  }
}

function toRecord(row: DecisionRow): DecisionRecord {
  return {
    id: row.id,
    recommendationId: row.recommendation_id,
    userId: row.user_id,
    atMs: row.at_ms,
    kind: row.kind as DecisionRecord['kind'],
    content: JSON.parse(row.content) as object,
    followedRecommendation: row.followed === 1,
  };
}
