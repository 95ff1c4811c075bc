import { createHash } from 'node:crypto';
import type { AuditLog } from './audit.js';
import { canonicalJson } from './canonical-json.js';
import type { SqlDatabase } from './sql.js';
import { CONFIDENCES, type ObservationInput, type ObservationRecord, SYSTEM_ACTOR, VERDICTS } from './types.js';
import * as check from './validate.js';
import { inWriteTransaction } from './write-transaction.js';

interface ObservationRow {
  id: number;
  at_ms: number;
  work_unit: string;
  verdict: string;
  confidence: string;
  load: number | null;
  safe_capacity: number | null;
  headroom: number | null;
  signals: string;
}

/** Every poll's verdict per work unit: the raw material of timelines and weekly reports. */
export class Observations {
  constructor(
    private readonly db: SqlDatabase,
    private readonly audit: AuditLog,
  ) {}

  /** One poll, one transaction, one audit entry (with a digest of the rows rather than all of them). */
  record(atMs: number, rows: ObservationInput[]): void {
    check.epochMs('atMs', atMs);
    if (!Array.isArray(rows)) throw check.invalid('observations must be an array');
    const checked = rows.map((row, i) => ({
      workUnit: check.text(`rows[${i}].workUnit`, row.workUnit),
      verdict: check.oneOf(`rows[${i}].verdict`, row.verdict, VERDICTS),
      confidence: check.oneOf(`rows[${i}].confidence`, row.confidence, CONFIDENCES),
      load: numberOrNull(`rows[${i}].load`, row.load),
      safeCapacity: numberOrNull(`rows[${i}].safeCapacity`, row.safeCapacity),
      headroom: numberOrNull(`rows[${i}].headroom`, row.headroom),
      signalsText: signalsJson(i, row.signals),
    }));
    const insert = this.db.prepare(
      `INSERT INTO observations (at_ms, work_unit, verdict, confidence, load, safe_capacity, headroom, signals)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    inWriteTransaction(this.db, () => {
      for (const r of checked) {
        insert.run(atMs, r.workUnit, r.verdict, r.confidence, r.load, r.safeCapacity, r.headroom, r.signalsText);
      }
      const digest = createHash('sha256').update(canonicalJson(checked)).digest('hex');
      this.audit.append({
        atMs,
        kind: 'observation.batch',
        actor: SYSTEM_ACTOR,
        payload: {
          count: checked.length,
          verdicts: Object.fromEntries(checked.map((r) => [r.workUnit, r.verdict])),
          digest,
        },
      });
    });
  }

  /** Oldest first; sinceMs is inclusive. */
  list(opts: { workUnit?: string; sinceMs?: number; limit?: number } = {}): ObservationRecord[] {
    const workUnit = check.optional(opts.workUnit, (v) => check.text('workUnit', v));
    const sinceMs = check.optional(opts.sinceMs, (v) => check.epochMs('sinceMs', v));
    return this.db
      .prepare<[string | null, string | null, number | null, number | null, number], ObservationRow>(
        `SELECT * FROM observations WHERE (? IS NULL OR work_unit = ?) AND (? IS NULL OR at_ms >= ?)
         ORDER BY at_ms, id LIMIT ?`,
      )
      .all(workUnit, workUnit, sinceMs, sinceMs, check.limit(opts.limit))
      .map((row) => ({
        id: row.id,
        atMs: row.at_ms,
        workUnit: row.work_unit,
        verdict: row.verdict as ObservationRecord['verdict'],
        confidence: row.confidence as ObservationRecord['confidence'],
        load: row.load ?? Number.NaN,
        safeCapacity: row.safe_capacity ?? Number.NaN,
        headroom: row.headroom ?? Number.NaN,
        signals: JSON.parse(row.signals) as ObservationRecord['signals'],
      }));
  }
}

/** NaN means "unknown" upstream; SQLite keeps it as NULL. Anything else must be a number. */
function numberOrNull(name: string, value: unknown): number | null {
  if (typeof value !== 'number')
    throw check.invalid(`${name} must be a number (NaN for unknown), got ${String(value)}`);
  return Number.isNaN(value) ? null : value;
}

function signalsJson(i: number, signals: unknown): string {
  if (!Array.isArray(signals)) throw check.invalid(`rows[${i}].signals must be an array`);
  return canonicalJson(signals);
}
