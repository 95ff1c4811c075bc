import { measuresOf } from '../../analytics/lineage.js';
import type { Signal } from '../../analytics/types.js';
import type {
  CapacityReportData,
  FailoverReportData,
  FleetStatusData,
  PlanData,
  SignalData,
  WhatIfReportData,
} from '../../tools/registry/contracts.js';
import type { CapacityReport } from '../core/capacity.js';
import type { FleetStatus } from '../core/evaluate.js';
import type { FailoverReport } from '../core/failover.js';
import type { WhatIfReport } from '../core/whatif.js';

/**
 * Machine output of the CLI contracts. Numbers are rounded for reading; NaN becomes null. Each
 * formatter returns its contract's type (tools/registry/contracts.ts), and every object it builds
 * is annotated with the element type it fills, so a field missing, extra or of another type than
 * the schema's is a compile error here.
 */

type Element<T> = T extends readonly (infer E)[] ? E : never;
type PlanTarget = Element<PlanData['targets']>;

export function statusJson(status: FleetStatus): FleetStatusData {
  return {
    at: iso(status.atMs),
    workUnits: status.workUnits.map(
      (u): Element<FleetStatusData['workUnits']> => ({
        id: u.id,
        state: u.state,
        load: num(u.load, 1),
        safeCapacity: num(u.safeCapacity, 1),
        headroom: num(u.headroom, 4),
        headroomLevel: u.headroomLevel,
        bindingResource: u.bindingResource,
        capacityLost: capacityLostJson(u.capacity),
        verdict: u.verdict.verdict,
        confidence: u.verdict.confidence,
        signals: signalsJson(u.verdict.signals),
      }),
    ),
  };
}

export function failoverJson(r: FailoverReport): FailoverReportData {
  return {
    at: iso(r.atMs),
    workUnit: r.workUnit,
    verdict: r.verdict,
    confidence: r.confidence,
    signals: signalsJson(r.signals),
    load: num(r.load, 1),
    safeCapacity: num(r.safeCapacity, 1),
    headroom: num(r.headroom, 4),
    planningHorizonHours: r.planningHorizonHours,
    plan: planJson(r.plan),
    rejected: r.rejected,
    reasons: r.reasons,
  };
}

export function planJson(plan: FailoverReport['plan']): PlanData {
  const shares = sharesSummingToOne(plan.targets.map((t) => t.share));
  return {
    feasible: plan.feasible,
    drained: plan.drained,
    movedLoad: num(plan.movedLoad, 1),
    targets: plan.targets.map(
      (t, i): PlanTarget => ({
        workUnit: t.workUnit,
        share: shares[i] ?? null,
        load: num(t.load, 1),
        headroomAfter: num(t.headroomAfter, 4),
        ttfbP95DeltaMs: num(t.ttfbP95DeltaMs, 1),
        coldStart: t.coldStart,
        lastResort: t.lastResort ?? null,
        replayed: replayedJson(plan.replay?.targets.find((o) => o.workUnit === t.workUnit)),
      }),
    ),
    costPerHourDelta: num(plan.costPerHourDelta, 2),
    stages: plan.stages.map(
      (s): Element<PlanData['stages']> => ({
        step: s.step,
        atOffsetMinutes: s.atOffsetMinutes,
        cumulativeFraction: rounded(s.cumulativeFraction, 4),
        moves: s.moves.map((m) => ({ workUnit: m.workUnit, load: rounded(m.load, 1) })),
        description: s.description,
      }),
    ),
    shedRequired: num(plan.shedRequired, 1),
    notes: plan.notes,
    replay: plan.replay
      ? { distressed: plan.replay.distressed, rounds: plan.replay.rounds, notes: plan.replay.notes }
      : null,
  };
}

/** The replay's predicted outcome for one target at the forecast peak, herd spike included. */
function replayedJson(
  o: NonNullable<FailoverReport['plan']['replay']>['targets'][number] | undefined,
): PlanTarget['replayed'] {
  if (!o) return null;
  return {
    load: num(o.load, 1),
    herdLoad: num(o.herdLoad, 1),
    peakUtilisation: num(o.peakUtilisation, 4),
    bindingResource: o.bindingResource,
    p95Ms: num(o.p95Ms, 1),
    errorRate: num(o.errorRate, 5),
    distress: o.distress,
    reasons: o.reasons,
    modelled: o.modelled,
  };
}

export function whatifJson(r: WhatIfReport): WhatIfReportData {
  return {
    feasible: r.feasible,
    atTime: r.atTime,
    moment: r.moment,
    workUnits: r.workUnits.map(
      (u): Element<WhatIfReportData['workUnits']> => ({
        id: u.id,
        peakLoad: num(u.peakLoad, 1),
        safeCapacity: num(u.safeCapacity, 1),
        headroomAtPeak: num(u.headroomAtPeak, 4),
      }),
    ),
    violations: r.violations,
    plan: r.plan ? planJson(r.plan) : null,
  };
}

export function capacityJson(r: CapacityReport): CapacityReportData {
  return {
    at: iso(r.atMs),
    forecaster: r.forecaster,
    workUnits: r.workUnits.map(
      (u): Element<CapacityReportData['workUnits']> => ({
        id: u.id,
        state: u.state,
        load: num(u.load, 1),
        safeCapacity: num(u.safeCapacity, 1),
        headroom: num(u.headroom, 4),
        headroomLevel: u.headroomLevel,
        bindingResource: u.bindingResource,
        baseline: {
          saturationLoad: num(u.baseline.saturationLoad, 1),
          maxHealthyLoad: num(u.baseline.maxHealthyLoad, 1),
          extrapolated: u.baseline.extrapolated,
          confidence: u.baseline.confidence,
          evidence: u.baseline.evidence.map(
            (e): Element<CapacityReportData['workUnits'][number]['baseline']['evidence']> => ({
              at: iso(e.atMs),
              load: num(e.load, 1),
              utilisation: num(e.utilisation, 4),
            }),
          ),
          notes: u.baseline.notes,
        },
        nextPeak: { at: iso(u.nextPeak.atMs), load: num(u.nextPeak.load, 1), headroom: num(u.nextPeak.headroom, 4) },
      }),
    ),
  };
}

/**
 * Shares to 4 decimals that still sum to exactly 1 when the plan's do (each rounded on its own,
 * 0.5415 + 0.2692 + 0.1894 gave 1.0001): the rounding remainder goes to the largest share.
 */
export function sharesSummingToOne(raw: number[]): (number | null)[] {
  const rounded = raw.map((s) => num(s, 4));
  const total = raw.reduce((a, b) => a + b, 0);
  if (raw.length === 0 || Math.abs(total - 1) > 1e-6 || rounded.some((r) => r === null)) return rounded;
  const sum = (rounded as number[]).reduce((a, b) => a + b, 0);
  const largest = raw.indexOf(Math.max(...raw));
  rounded[largest] = Math.round(((rounded[largest] as number) + (1 - sum)) * 10_000) / 10_000;
  return rounded;
}

/** What the unit has visibly lost of its learned capacity now; null when nothing. */
function capacityLostJson(
  c: FleetStatus['workUnits'][number]['capacity'],
): Element<FleetStatusData['workUnits']>['capacityLost'] {
  if (!(c.kept < 1)) return null;
  return {
    fraction: num(1 - c.kept, 3),
    resource: c.resource ?? null,
    detail: c.detail ?? '',
    // the interval of the fraction lost and every sign that showed it (utilisation, latency, errors)
    low: c.lost ? num(c.lost.low, 3) : null,
    high: c.lost ? num(c.lost.high, 3) : null,
    atLeast: c.lost?.atLeast ?? false,
    evidence: c.lost?.evidence ?? [],
  };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function num(x: number, digits: number): number | null {
  return Number.isFinite(x) ? rounded(x, digits) : null;
}

/** For figures that are finite by construction (stage fractions and loads). */
function rounded(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function signalsJson(signals: Signal[]): SignalData[] {
  // measures: the lineage the consensus counted (sources on the same measurement count once)
  return signals.map(
    (s): SignalData => ({ source: s.source, status: s.status, detail: s.detail, measures: [...measuresOf(s)] }),
  );
}
