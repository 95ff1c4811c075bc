// What a unit looks like from inside at one simulation step, as its logs and traces reflect it:
// the local view (a central telemetry gap does not stop a unit from logging).
import type { WorkUnitId } from '../../../analytics/types.js';
import { SIM_STEP_MS, stepOf } from '../clock.js';
import type { Fault, FaultKind } from '../faults.js';
import type { SimulatedFleet } from '../simulated-fleet.js';

export interface UnitConditions {
  load: number;
  errorRate: number;
  /** The unit's error rate with no fault and no pressure. */
  errorBase: number;
  latencyP95Ms: number;
  latencyBaseMs: number;
  /** max(cpu, memory, connections share): near 1 the unit is saturated. */
  pressure: number;
  faults: Fault[];
}

/** Fault kinds whose errors the logs show with their own signatures. */
export type ErrorFamily = 'base' | 'reset' | 'unavailable' | 'timeout' | 'saturation' | 'bad-deploy';

const FAMILY_OF: Partial<Record<FaultKind, ErrorFamily>> = {
  'connection-drop': 'reset',
  'error-spike': 'unavailable',
  'latency-spike': 'timeout',
  'cpu-saturation': 'saturation',
  'capacity-loss': 'saturation',
  'traffic-surge': 'saturation',
  deploy: 'bad-deploy',
};

/** Per-step conditions of one unit, cached for one read (a read walks a range minute by minute). */
export class ConditionsCache {
  private readonly cache = new Map<number, UnitConditions>();

  constructor(
    private readonly sim: SimulatedFleet,
    readonly workUnit: WorkUnitId,
  ) {}

  at(ms: number): UnitConditions {
    const step = stepOf(ms);
    let c = this.cache.get(step);
    if (!c) {
      c = this.compute(step * SIM_STEP_MS);
      this.cache.set(step, c);
    }
    return c;
  }

  private compute(ms: number): UnitConditions {
    const sim = this.sim;
    const workUnit = this.workUnit;
    const profile = sim.profile(workUnit);
    const unit = sim.fleet.workUnits.find((u) => u.id === workUnit)!;
    const v = (m: Parameters<SimulatedFleet['value']>[1]) => sim.value(workUnit, m, ms, true);
    const connections = v('connections') / unit.limits.connections;
    return {
      load: v('load'),
      errorRate: v('errorRate'),
      errorBase: profile.errorBase,
      latencyP95Ms: v('latencyP95'),
      latencyBaseMs: profile.latencyBaseMs,
      pressure: Math.max(v('cpu'), v('memory'), connections),
      faults: sim.activeFaults(ms, workUnit),
    };
  }
}

/**
 * Which error families the unit's error lines come from now, with weights: the base errors at the
 * unit's base rate, the rest shared by the active faults (saturation when the excess has no fault:
 * a unit near its limit).
 */
export function errorFamilies(c: UnitConditions): [ErrorFamily, number][] {
  const base = Math.min(c.errorRate, c.errorBase);
  const excess = Math.max(0, c.errorRate - base);
  const families = new Set<ErrorFamily>();
  for (const f of c.faults) {
    const family = FAMILY_OF[f.kind];
    if (family && !(f.kind === 'deploy' && f.magnitude === 0)) families.add(family);
  }
  if (families.size === 0 && excess > 0.002) families.add('saturation');
  const out: [ErrorFamily, number][] = [['base', base]];
  for (const family of families) out.push([family, excess / families.size]);
  return out;
}

/** The family at fraction `r` (0 ≤ r < 1) of the weights' sum. */
export function pickFamily(families: readonly [ErrorFamily, number][], r: number): ErrorFamily {
  const total = families.reduce((s, [, w]) => s + w, 0);
  let left = r * total;
  for (const [family, weight] of families) {
    left -= weight;
    if (left < 0) return family;
  }
  return families[families.length - 1]?.[0] ?? 'base';
}
