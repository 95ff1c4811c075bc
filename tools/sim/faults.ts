// Injected faults: what a scenario can do to the simulated fleet, and when.
import type { ClientRegionId, WorkUnitId } from '../../analytics/types.js';

export const FAULT_KINDS = [
  'connection-drop', // magnitude: fraction of connections lost (0..1]; served load dips, errors rise a little
  'cpu-saturation', // magnitude: cpu utilisation added (0..1]; latency and errors follow
  'error-spike', // magnitude: error rate added (0..1]
  'latency-spike', // magnitude: latency × (1 + magnitude), (0..100]
  'traffic-surge', // magnitude: multiplier on a client region's (or a unit's) traffic, (0..20]
  'capacity-loss', // magnitude: fraction of capacity lost (0..0.95]; utilisations × 1/(1 − m)
  'telemetry-gap', // no samples from the unit
  'edge-unreachable', // the unit's edge agent does not answer
  'anomaly-api-flag', // the external anomaly API flags the unit; magnitude: its score (0..1]
  'alert-firing', // an Alertmanager alert fires for the unit (alertName)
  'drain', // moves fraction `magnitude` (0..1] of the unit's traffic to `target`
  'deploy', // a deploy of `version` (of `service`) at start; magnitude: error rate it adds until end, when it is rolled back (0 = harmless)
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  /** Required for every kind except a traffic-surge given a clientRegion. */
  workUnit?: WorkUnitId;
  clientRegion?: ClientRegionId;
  /** Destination of a drain. */
  target?: WorkUnitId;
  alertName?: string;
  /** Deploy: the version rolled out and the service it belongs to. */
  version?: string;
  service?: string;
  startMs: number;
  /** Exclusive. */
  endMs: number;
  magnitude: number;
}

/** Magnitude range and default per kind (kinds whose magnitude means nothing accept any and ignore it). */
export const MAGNITUDE_RULES: Record<FaultKind, { min: number; max: number; default: number; meaning: string }> = {
  'connection-drop': { min: 0, max: 1, default: 0.5, meaning: 'the fraction of connections lost' },
  'cpu-saturation': { min: 0, max: 1, default: 0.5, meaning: 'the cpu utilisation added' },
  'error-spike': { min: 0, max: 1, default: 0.1, meaning: 'the error rate added' },
  'latency-spike': { min: 0, max: 100, default: 2, meaning: 'latency grows × (1 + magnitude)' },
  'traffic-surge': { min: 0, max: 20, default: 2, meaning: 'the traffic multiplier' },
  'capacity-loss': { min: 0, max: 0.95, default: 0.3, meaning: 'the fraction of capacity lost' },
  'telemetry-gap': { min: 0, max: 1, default: 1, meaning: 'unused' },
  'edge-unreachable': { min: 0, max: 1, default: 1, meaning: 'unused' },
  'anomaly-api-flag': { min: 0, max: 1, default: 0.9, meaning: 'the anomaly score' },
  'alert-firing': { min: 0, max: 1, default: 1, meaning: 'unused' },
  drain: { min: 0, max: 1, default: 1, meaning: 'the fraction of traffic moved' },
  deploy: {
    min: 0,
    max: 1,
    default: 0.1,
    meaning: 'the error rate the deploy adds until it is rolled back (0: harmless)',
  },
};

/** Kinds whose magnitude may be 0 (a harmless deploy is a real scenario: the misleading coincidence). */
export const ZERO_MAGNITUDE_ALLOWED: ReadonlySet<FaultKind> = new Set(['deploy']);

export const DEFAULT_ALERT_NAME = 'WorkUnitDegraded';

export function isActive(fault: Fault, ms: number): boolean {
  return fault.startMs <= ms && ms < fault.endMs;
}

/** Faults grouped by kind for quick per-step lookups. */
export class FaultIndex {
  private readonly byKind = new Map<FaultKind, Fault[]>();

  constructor(readonly all: readonly Fault[]) {
    for (const f of all) {
      const list = this.byKind.get(f.kind) ?? [];
      list.push(f);
      this.byKind.set(f.kind, list);
    }
  }

  of(kind: FaultKind): readonly Fault[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The active fault of `kind` on `workUnit` at `ms` (the strongest if several overlap). */
  active(kind: FaultKind, workUnit: WorkUnitId, ms: number): Fault | undefined {
    let best: Fault | undefined;
    for (const f of this.of(kind)) {
      if (f.workUnit === workUnit && isActive(f, ms) && (!best || f.magnitude > best.magnitude)) best = f;
    }
    return best;
  }

  /** Combined effect of overlapping faults of one kind: the product of (1 − m) for fractions. */
  remainingFraction(kind: FaultKind, workUnit: WorkUnitId, ms: number): number {
    let left = 1;
    for (const f of this.of(kind)) if (f.workUnit === workUnit && isActive(f, ms)) left *= 1 - f.magnitude;
    return left;
  }

  sum(kind: FaultKind, workUnit: WorkUnitId, ms: number): number {
    let total = 0;
    for (const f of this.of(kind)) if (f.workUnit === workUnit && isActive(f, ms)) total += f.magnitude;
    return total;
  }

  /** Start of the telemetry gap covering `ms` on that unit, or undefined when data exists. */
  gapStartCovering(workUnit: WorkUnitId, ms: number): number | undefined {
    let start: number | undefined;
    for (const f of this.of('telemetry-gap')) {
      if (f.workUnit === workUnit && isActive(f, ms)) start = Math.min(start ?? f.startMs, f.startMs);
    }
    return start;
  }
}
