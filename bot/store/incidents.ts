import type { Evidence, Hypothesis, IncidentState, IncidentTrigger } from '../../analytics/incidents/types.js';
import { INCIDENT_STATES, INCIDENT_TRIGGERS } from '../../analytics/incidents/types.js';
import type { AuditLog } from './audit.js';
import { canonicalJson } from './canonical-json.js';
import type { SqlDatabase } from './sql.js';
import { type MessageRef, SYSTEM_ACTOR } from './types.js';
import * as check from './validate.js';
import { inWriteTransaction } from './write-transaction.js';

export interface IncidentRecord {
  id: number;
  workUnit: string;
  trigger: IncidentTrigger;
  state: IncidentState;
  declaredBy: string | null;
  firstSignalMs: number;
  openedAtMs: number;
  decidedAtMs: number | null;
  recoveredAtMs: number | null;
  resolvedAtMs: number | null;
  analysedAtMs: number | null;
  healthyStreak: number;
  streakStartMs: number | null;
  remindedAtMs: number | null;
  thread: MessageRef | null;
  recommendationIds: number[];
  hypotheses: Hypothesis[];
  postmortemMarkdown: string | null;
  /** 'deterministic' or the model that wrote the narrative. */
  postmortemBy: string | null;
  updatedAtMs: number;
}

export interface Snooze {
  id: number;
  workUnit: string;
  kind: 'snooze' | 'maintenance';
  fromMs: number;
  untilMs: number;
  reason: string;
  actor: string;
  createdAtMs: number;
}

interface IncidentRow {
  id: number;
  work_unit: string;
  trigger: string;
  state: string;
  declared_by: string | null;
  first_signal_ms: number;
  opened_at_ms: number;
  decided_at_ms: number | null;
  recovered_at_ms: number | null;
  resolved_at_ms: number | null;
  analysed_at_ms: number | null;
  healthy_streak: number;
  streak_start_ms: number | null;
  reminded_at_ms: number | null;
  thread_channel: string | null;
  thread_ts: string | null;
  hypotheses: string;
  postmortem_markdown: string | null;
  postmortem_by: string | null;
  updated_at_ms: number;
}

interface EvidenceRow {
  evidence_id: string;
  at_ms: number;
  kind: string;
  source: string;
  work_unit: string | null;
  summary: string;
  figures: string;
  facts: string;
  status: string;
  untrusted: number;
}

export interface LifecycleUpdate {
  atMs: number;
  state: IncidentState;
  healthyStreak: number;
  streakStartMs: number | null;
  decidedAtMs?: number;
  recoveredAtMs?: number;
  resolvedAtMs?: number;
}

/** Incidents, their evidence timeline and snoozes. Every change of state is audited with it. */
export class Incidents {
  constructor(
    private readonly db: SqlDatabase,
    private readonly audit: AuditLog,
  ) {}

  open(input: {
    workUnit: string;
    trigger: IncidentTrigger;
    atMs: number;
    firstSignalMs: number;
    recommendationId?: number;
    declaredBy?: string;
  }): IncidentRecord {
    const workUnit = check.text('workUnit', input.workUnit);
    const trigger = check.oneOf('trigger', input.trigger, INCIDENT_TRIGGERS);
    const atMs = check.epochMs('atMs', input.atMs);
    const firstSignalMs = Math.min(atMs, check.epochMs('firstSignalMs', input.firstSignalMs));
    return inWriteTransaction(this.db, () => {
      const active = this.active(workUnit);
      if (active) throw check.invalid(`${workUnit} already has active incident #${active.id}`, { id: active.id });
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO incidents (work_unit, trigger, state, declared_by, first_signal_ms, opened_at_ms, updated_at_ms)
           VALUES (?, ?, 'open', ?, ?, ?, ?)`,
        )
        .run(workUnit, trigger, input.declaredBy ?? null, firstSignalMs, atMs, atMs);
      const id = Number(lastInsertRowid);
      if (input.recommendationId !== undefined) this.linkNow(id, input.recommendationId);
      this.audit.append({
        atMs,
        kind: 'incident.opened',
        actor: input.declaredBy ?? SYSTEM_ACTOR,
        payload: { incidentId: id, workUnit, trigger, firstSignalMs, recommendationId: input.recommendationId ?? null },
      });
      return this.get(id)!;
    });
  }

  get(id: number): IncidentRecord | undefined {
    const row = this.db.prepare<[number], IncidentRow>('SELECT * FROM incidents WHERE id = ?').get(id);
    return row ? this.toRecord(row) : undefined;
  }

  /** The unit's open or mitigating incident. */
  active(workUnit: string): IncidentRecord | undefined {
    const row = this.db
      .prepare<[string], IncidentRow>("SELECT * FROM incidents WHERE work_unit = ? AND state IN ('open', 'mitigating')")
      .get(workUnit);
    return row ? this.toRecord(row) : undefined;
  }

  ofRecommendation(recommendationId: number): IncidentRecord | undefined {
    const row = this.db
      .prepare<[number], IncidentRow>(
        'SELECT i.* FROM incidents i JOIN incident_recommendations l ON l.incident_id = i.id WHERE l.recommendation_id = ?',
      )
      .get(recommendationId);
    return row ? this.toRecord(row) : undefined;
  }

  ofThread(channel: string, ts: string): IncidentRecord | undefined {
    const row = this.db
      .prepare<[string, string], IncidentRow>('SELECT * FROM incidents WHERE thread_channel = ? AND thread_ts = ?')
      .get(channel, ts);
    return row ? this.toRecord(row) : undefined;
  }

  /** Newest first. */
  list(opts: { state?: IncidentState; workUnit?: string; limit?: number } = {}): IncidentRecord[] {
    const state = check.optional(opts.state, (v) => check.oneOf('state', v, INCIDENT_STATES));
    const workUnit = opts.workUnit ?? null;
    return this.db
      .prepare<[string | null, string | null, string | null, string | null, number], IncidentRow>(
        `SELECT * FROM incidents WHERE (? IS NULL OR state = ?) AND (? IS NULL OR work_unit = ?)
         ORDER BY opened_at_ms DESC, id DESC LIMIT ?`,
      )
      .all(state, state, workUnit, workUnit, check.limit(opts.limit))
      .map((r) => this.toRecord(r));
  }

  linkRecommendation(incidentId: number, recommendationId: number): void {
    inWriteTransaction(this.db, () => this.linkNow(incidentId, recommendationId));
  }

  private linkNow(incidentId: number, recommendationId: number): void {
    this.db
      .prepare('INSERT OR IGNORE INTO incident_recommendations (incident_id, recommendation_id) VALUES (?, ?)')
      .run(check.recordId('incidentId', incidentId), check.recordId('recommendationId', recommendationId));
  }

  /** Adds timeline entries; an id already recorded is kept as it was (ids are stable). Returns the new ones. */
  addEvidence(incidentId: number, entries: readonly Evidence[]): Evidence[] {
    const id = check.recordId('incidentId', incidentId);
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO incident_evidence
       (incident_id, evidence_id, at_ms, kind, source, work_unit, summary, figures, facts, status, untrusted)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return inWriteTransaction(this.db, () => {
      const added: Evidence[] = [];
      for (const e of entries) {
        const r = insert.run(
          id,
          check.text('evidence id', e.id),
          check.epochMs('evidence atMs', Math.round(e.atMs)),
          e.kind,
          e.source,
          e.workUnit ?? null,
          e.summary,
          canonicalJson(e.figures),
          canonicalJson(e.facts ?? {}),
          e.status,
          e.untrusted ? 1 : 0,
        );
        if (r.changes > 0) added.push(e);
      }
      return added;
    });
  }

  /**
   * Takes an operator's pinned note off the timeline (the :pushpin: removed), audited with who did
   * it. Only notes, and only before the analysis: a written postmortem may cite the note, and what
   * it cites stays. Says what happened: 'removed', 'not-pinned' or 'analysed'.
   */
  unpinNote(
    incidentId: number,
    evidenceId: string,
    input: { actor: string; atMs: number },
  ): 'removed' | 'not-pinned' | 'analysed' {
    const id = check.recordId('incidentId', incidentId);
    const atMs = check.epochMs('atMs', input.atMs);
    return inWriteTransaction(this.db, () => {
      const incident = this.get(id);
      if (!incident) throw check.invalid(`no incident #${id}`, { id });
      const note = this.resolveEvidence(id, evidenceId);
      if (!note || note.kind !== 'operator-note') return 'not-pinned';
      if (incident.state === 'analysed') return 'analysed';
      this.db
        .prepare(`DELETE FROM incident_evidence WHERE incident_id = ? AND evidence_id = ? AND kind = 'operator-note'`)
        .run(id, evidenceId);
      this.audit.append({
        atMs,
        kind: 'incident.unpin',
        actor: check.text('actor', input.actor),
        payload: { incidentId: id, evidenceId },
      });
      return 'removed';
    });
  }

  /** The timeline: oldest first. */
  evidence(incidentId: number): Evidence[] {
    return this.db
      .prepare<[number], EvidenceRow>(
        'SELECT * FROM incident_evidence WHERE incident_id = ? ORDER BY at_ms, evidence_id',
      )
      .all(incidentId)
      .map(toEvidence);
  }

  resolveEvidence(incidentId: number, evidenceId: string): Evidence | undefined {
    const row = this.db
      .prepare<[number, string], EvidenceRow>(
        'SELECT * FROM incident_evidence WHERE incident_id = ? AND evidence_id = ?',
      )
      .get(incidentId, evidenceId);
    return row ? toEvidence(row) : undefined;
  }

  updateLifecycle(id: number, update: LifecycleUpdate, actor = SYSTEM_ACTOR): IncidentRecord {
    const atMs = check.epochMs('atMs', update.atMs);
    const state = check.oneOf('state', update.state, INCIDENT_STATES);
    return inWriteTransaction(this.db, () => {
      const before = this.get(check.recordId('id', id));
      if (!before) throw check.invalid(`no incident #${id}`, { id });
      this.db
        .prepare(
          `UPDATE incidents SET state = ?, healthy_streak = ?, streak_start_ms = ?,
             decided_at_ms = coalesce(decided_at_ms, ?), recovered_at_ms = ?, resolved_at_ms = coalesce(resolved_at_ms, ?),
             updated_at_ms = ? WHERE id = ?`,
        )
        .run(
          state,
          update.healthyStreak,
          update.streakStartMs,
          update.decidedAtMs ?? null,
          update.recoveredAtMs ?? before.recoveredAtMs,
          update.resolvedAtMs ?? null,
          atMs,
          id,
        );
      const after = this.get(id)!;
      if (after.state !== before.state) {
        this.audit.append({
          atMs,
          kind: 'incident.state',
          actor,
          payload: {
            incidentId: id,
            from: before.state,
            to: after.state,
            decidedAtMs: after.decidedAtMs,
            recoveredAtMs: after.recoveredAtMs,
            resolvedAtMs: after.resolvedAtMs,
          },
        });
      }
      return after;
    });
  }

  setThread(id: number, ref: MessageRef): void {
    this.db
      .prepare('UPDATE incidents SET thread_channel = ?, thread_ts = ? WHERE id = ?')
      .run(check.text('channel', ref.channel), check.text('ts', ref.ts), id);
  }

  markReminded(id: number, atMs: number): void {
    this.db.prepare('UPDATE incidents SET reminded_at_ms = ? WHERE id = ?').run(check.epochMs('atMs', atMs), id);
  }

  /** Stores the ranked hypotheses and the postmortem; the incident becomes "analysed". */
  setAnalysis(
    id: number,
    input: { atMs: number; hypotheses: Hypothesis[]; markdown: string; by: string },
  ): IncidentRecord {
    const atMs = check.epochMs('atMs', input.atMs);
    return inWriteTransaction(this.db, () => {
      const before = this.get(id);
      if (!before) throw check.invalid(`no incident #${id}`, { id });
      if (before.state !== 'resolved' && before.state !== 'analysed')
        throw check.invalid(`incident #${id} is ${before.state}; it is analysed once resolved`, { id });
      this.db
        .prepare(
          `UPDATE incidents SET state = 'analysed', hypotheses = ?, postmortem_markdown = ?, postmortem_by = ?,
             analysed_at_ms = ?, updated_at_ms = ? WHERE id = ?`,
        )
        .run(canonicalJson(input.hypotheses), input.markdown, check.text('by', input.by), atMs, atMs, id);
      this.audit.append({
        atMs,
        kind: 'incident.analysed',
        actor: SYSTEM_ACTOR,
        payload: {
          incidentId: id,
          by: input.by,
          topCause: input.hypotheses[0]?.cause ?? null,
          citations: [...new Set(input.hypotheses.flatMap((h) => h.evidenceIds))],
        },
      });
      return this.get(id)!;
    });
  }

  // ---- snoozes and maintenance windows ----

  addSnooze(input: Omit<Snooze, 'id'>): Snooze {
    const workUnit = check.text('workUnit', input.workUnit);
    const kind = check.oneOf('kind', input.kind, ['snooze', 'maintenance'] as const);
    const fromMs = check.epochMs('fromMs', input.fromMs);
    const untilMs = check.epochMs('untilMs', input.untilMs);
    if (untilMs <= fromMs) throw check.invalid('a snooze must end after it starts', { fromMs, untilMs });
    const reason = check.text('reason', input.reason);
    const actor = check.text('actor', input.actor);
    return inWriteTransaction(this.db, () => {
      const { lastInsertRowid } = this.db
        .prepare(
          'INSERT INTO snoozes (work_unit, kind, from_ms, until_ms, reason, actor, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(workUnit, kind, fromMs, untilMs, reason, actor, input.createdAtMs);
      const snooze: Snooze = { ...input, id: Number(lastInsertRowid), workUnit, kind, fromMs, untilMs, reason, actor };
      this.audit.append({ atMs: input.createdAtMs, kind: `incident.${kind}`, actor, payload: snooze });
      return snooze;
    });
  }

  /** The snooze or maintenance window covering the unit at atMs, if any (the one ending last). */
  activeSnooze(workUnit: string, atMs: number): Snooze | undefined {
    const row = this.db
      .prepare<[string, number, number], Record<string, unknown>>(
        'SELECT * FROM snoozes WHERE work_unit = ? AND from_ms <= ? AND until_ms > ? ORDER BY until_ms DESC LIMIT 1',
      )
      .get(workUnit, atMs, atMs);
    return row ? toSnooze(row) : undefined;
  }

  listSnoozes(opts: { activeAtMs?: number } = {}): Snooze[] {
    const at = opts.activeAtMs ?? null;
    return this.db
      .prepare<[number | null, number | null, number | null], Record<string, unknown>>(
        'SELECT * FROM snoozes WHERE (? IS NULL OR (from_ms <= ? AND until_ms > ?)) ORDER BY from_ms DESC, id DESC',
      )
      .all(at, at, at)
      .map(toSnooze);
  }

  private toRecord(row: IncidentRow): IncidentRecord {
    const recommendationIds = this.db
      .prepare<[number], { recommendation_id: number }>(
        'SELECT recommendation_id FROM incident_recommendations WHERE incident_id = ? ORDER BY recommendation_id',
      )
      .all(row.id)
      .map((r) => r.recommendation_id);
    return {
      id: row.id,
      workUnit: row.work_unit,
      trigger: row.trigger as IncidentTrigger,
      state: row.state as IncidentState,
      declaredBy: row.declared_by,
      firstSignalMs: row.first_signal_ms,
      openedAtMs: row.opened_at_ms,
      decidedAtMs: row.decided_at_ms,
      recoveredAtMs: row.recovered_at_ms,
      resolvedAtMs: row.resolved_at_ms,
      analysedAtMs: row.analysed_at_ms,
      healthyStreak: row.healthy_streak,
      streakStartMs: row.streak_start_ms,
      remindedAtMs: row.reminded_at_ms,
      thread: row.thread_channel && row.thread_ts ? { channel: row.thread_channel, ts: row.thread_ts } : null,
      recommendationIds,
      hypotheses: JSON.parse(row.hypotheses) as Hypothesis[],
      postmortemMarkdown: row.postmortem_markdown,
      postmortemBy: row.postmortem_by,
      updatedAtMs: row.updated_at_ms,
    };
  }
}

function toEvidence(row: EvidenceRow): Evidence {
  const facts = JSON.parse(row.facts) as Record<string, string | boolean>;
  return {
    id: row.evidence_id,
    kind: row.kind as Evidence['kind'],
    atMs: row.at_ms,
    source: row.source,
    ...(row.work_unit ? { workUnit: row.work_unit } : {}),
    summary: row.summary,
    figures: JSON.parse(row.figures) as Record<string, number>,
    ...(Object.keys(facts).length ? { facts } : {}),
    status: row.status as Evidence['status'],
    ...(row.untrusted ? { untrusted: true } : {}),
  };
}

function toSnooze(row: Record<string, unknown>): Snooze {
  return {
    id: row.id as number,
    workUnit: row.work_unit as string,
    kind: row.kind as Snooze['kind'],
    fromMs: row.from_ms as number,
    untilMs: row.until_ms as number,
    reason: row.reason as string,
    actor: row.actor as string,
    createdAtMs: row.created_at_ms as number,
  };
}
