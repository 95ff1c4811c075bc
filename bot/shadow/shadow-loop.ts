import { ATTENTION_VERDICTS, type Verdict } from '../../analytics/vocabulary.js';
import type { Core } from '../core/core.js';
import type { UnitStatus } from '../core/evaluate.js';
import { evaluateFleet } from '../core/evaluate.js';
import { type FailoverReport, failoverReport } from '../core/failover.js';
import type { RecommendationRecord, Store } from '../store/index.js';
import { materialKey, recommendationPayload, recommendationSummary } from './material.js';

export type ShadowEventType = 'opened' | 'updated' | 'resolved';

export interface ShadowEvent {
  type: ShadowEventType;
  atMs: number;
  recommendation: RecommendationRecord;
  report: FailoverReport | null;
}

const ACTIVE: ReadonlySet<Verdict> = new Set(ATTENTION_VERDICTS);

/**
 * One poll of the shadow loop: evaluate every unit, record observations, and keep exactly one open
 * recommendation per unit and episode — opened when the unit leaves "healthy", updated only when
 * something material changes, resolved when it recovers. It never acts on traffic.
 */
export async function shadowPoll(core: Core, store: Store, atMs: number): Promise<ShadowEvent[]> {
  const status = await evaluateFleet(core, atMs);
  store.recordObservations(
    atMs,
    status.workUnits.map((u) => ({
      workUnit: u.id,
      verdict: u.verdict.verdict,
      confidence: u.verdict.confidence,
      load: u.load,
      safeCapacity: u.safeCapacity,
      headroom: u.headroom,
      signals: u.verdict.signals,
    })),
  );
  const events: ShadowEvent[] = [];
  for (const unit of status.workUnits) {
    const open = store.getOpenRecommendation(unit.id);
    if (ACTIVE.has(unit.verdict.verdict)) {
      const report = await failoverReport(core, unit.id, atMs, status);
      const event = upsert(store, open, unit, report, atMs);
      if (event) events.push(event);
    } else if (open) {
      const closed = store.closeRecommendation(open.id, { atMs, resolution: 'recovered' });
      events.push({ type: 'resolved', atMs, recommendation: closed, report: null });
    }
  }
  return events;
}

function upsert(
  store: Store,
  open: RecommendationRecord | undefined,
  unit: UnitStatus,
  report: FailoverReport,
  atMs: number,
): ShadowEvent | null {
  const material = materialKey(report);
  const fields = {
    atMs,
    verdict: unit.verdict.verdict,
    confidence: report.confidence,
    summary: recommendationSummary(report),
    payload: recommendationPayload(report, material),
  };
  if (!open) {
    const recommendation = store.openRecommendation({ workUnit: unit.id, ...fields });
    return { type: 'opened', atMs, recommendation, report };
  }
  const previous = (open.payload as { material?: string } | null)?.material;
  if (previous === material) return null;
  const recommendation = store.updateRecommendation(open.id, fields);
  return { type: 'updated', atMs, recommendation, report };
}
