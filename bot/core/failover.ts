import { planWithReplay } from '../../analytics/planner/replayed.js';
import type { Plan } from '../../analytics/planner/types.js';
import { unitModelOf } from '../../analytics/replay.js';
import type { Confidence, Signal, Verdict, WorkUnitId } from '../../analytics/types.js';
import { CONFIDENCES } from '../../analytics/vocabulary.js';
import type { Core } from './core.js';
import { evaluateFleet, type FleetStatus } from './evaluate.js';
import { loadOutlook, observedRegionLoad, planInputFor } from './planning-input.js';

export interface FailoverReport {
  atMs: number;
  workUnit: WorkUnitId;
  /** Whether Headroom itself would recommend draining this unit now. */
  verdict: Verdict;
  confidence: Confidence;
  signals: Signal[];
  plan: Plan;
  rejected: Plan['rejected'];
  reasons: string[];
  load: number;
  safeCapacity: number;
  headroom: number;
  planningHorizonHours: number;
}

/** "What if we had to drain it now": the plan is computed for any unit; the verdict says whether we would. */
export async function failoverReport(core: Core, workUnit: WorkUnitId, atMs: number, status?: FleetStatus) {
  core.unit(workUnit);
  const fleetStatus = status ?? (await evaluateFleet(core, atMs));
  const unit = fleetStatus.workUnits.find((u) => u.id === workUnit)!;
  const hours = core.fleet.thresholds.planningHorizonHours;
  const outlook = await loadOutlook(core, fleetStatus, atMs, hours);
  const observed = await observedRegionLoad(core, atMs);
  const models = Object.fromEntries(fleetStatus.workUnits.map((u) => [u.id, unitModelOf(u.baseline, u.capacity.kept)]));
  // every plan is replayed on the fleet model before anyone sees it
  const plan = planWithReplay({ ...planInputFor(core, fleetStatus, outlook, [workUnit], { observed }), models });
  const confidence = lowerConfidence(unit.verdict.confidence, unit.baseline.confidence);
  const reasons = [...unit.verdict.reasons];
  if (unit.baseline.confidence === 'low') reasons.push(`capacity baseline of ${workUnit} has low confidence`);
  const report: FailoverReport = {
    atMs,
    workUnit,
    verdict: unit.verdict.verdict,
    confidence,
    signals: unit.verdict.signals,
    plan,
    rejected: plan.rejected,
    reasons,
    load: unit.load,
    safeCapacity: unit.safeCapacity,
    headroom: unit.headroom,
    planningHorizonHours: hours,
  };
  return report;
}

/** Confidence of a recommendation is that of its weakest part; a low-confidence baseline caps it at medium. */
function lowerConfidence(verdict: Confidence, baseline: Confidence): Confidence {
  const cap: Confidence = baseline === 'low' ? 'medium' : 'high';
  // CONFIDENCES runs highest first: the weaker of two is the later one
  return CONFIDENCES[Math.max(CONFIDENCES.indexOf(verdict), CONFIDENCES.indexOf(cap))]!;
}
