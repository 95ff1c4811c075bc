// "Following the plan" in the simulator: the plan's stages become drain faults (each stage moves its
// share of the failing unit's traffic to each target at its offset), the simulated fleet runs the
// next hour with them — its own physics, thundering herd included — and each target's worst
// utilisation, p95 and error rate say whether the plan caused a second incident.
import type { Plan } from '../../analytics/planner/types.js';
import type { FleetModel, WorkUnitId } from '../../analytics/types.js';
import type { Fault } from '../../tools/sim/faults.js';
import { SimulatedFleet } from '../../tools/sim/index.js';

const STEP_MS = 5 * 60_000;

export interface FollowedTarget {
  workUnit: WorkUnitId;
  peakUtilisation: number;
  p95Ms: number;
  errorRate: number;
  distress: boolean;
}

/** The plan as drain faults from `startMs` for `hours`; magnitudes are of what is left on the unit. */
export function planAsDrainFaults(
  plan: Plan,
  drained: WorkUnitId,
  unitLoad: number,
  startMs: number,
  hours: number,
): Fault[] {
  const endMs = startMs + hours * 3_600_000;
  const faults: Fault[] = [];
  let remaining = 1;
  let previous = 0;
  for (const stage of plan.stages) {
    const step = stage.cumulativeFraction - previous;
    previous = stage.cumulativeFraction;
    for (const t of plan.targets) {
      // the share of the unit's traffic this stage moves to this target
      const amount = unitLoad > 0 ? Math.min(remaining, (step * t.load) / unitLoad) : 0;
      if (!(amount > 0) || !(remaining > 1e-9)) continue;
      faults.push({
        kind: 'drain',
        workUnit: drained,
        target: t.workUnit,
        startMs: startMs + stage.atOffsetMinutes * 60_000,
        endMs,
        magnitude: Math.min(1, amount / remaining),
      });
      remaining -= amount;
    }
  }
  return faults;
}

export function followInSimulator(
  fleet: FleetModel,
  sim: SimulatedFleet,
  plan: Plan,
  drained: WorkUnitId,
  atMs: number,
  hours = 1,
): FollowedTarget[] {
  const start = Math.ceil(atMs / STEP_MS) * STEP_MS;
  // the plan's loads are at the forecast peak; the drain moves fractions of what the unit serves then
  const unitLoad = Math.max(plan.movedLoad, sim.value(drained, 'load', start));
  const faults = planAsDrainFaults(plan, drained, unitLoad, start, hours);
  const followed = new SimulatedFleet(fleet, { seed: sim.seed, faults: [...sim.faults, ...faults] });
  const t = fleet.thresholds;
  return plan.targets.map((target) => {
    const unit = fleet.workUnits.find((u) => u.id === target.workUnit)!;
    let peak = 0;
    let p95 = 0;
    let errors = 0;
    for (let ms = start; ms < start + hours * 3_600_000; ms += STEP_MS) {
      const u = Math.max(
        followed.value(unit.id, 'cpu', ms),
        followed.value(unit.id, 'memory', ms),
        followed.value(unit.id, 'connections', ms) / unit.limits.connections,
        followed.value(unit.id, 'network', ms) / unit.limits.networkMbps,
      );
      peak = Math.max(peak, u);
      p95 = Math.max(p95, followed.value(unit.id, 'latencyP95', ms));
      errors = Math.max(errors, followed.value(unit.id, 'errorRate', ms));
    }
    return {
      workUnit: unit.id,
      peakUtilisation: peak,
      p95Ms: p95,
      errorRate: errors,
      distress: peak >= t.utilisationFiring || p95 >= t.latencyP95FiringMs || errors >= t.errorRateFiring,
    };
  });
}
