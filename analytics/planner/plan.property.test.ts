import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFailover } from './plan.js';
import { randomPlanCase } from './test-fleet.js';
import type { Plan, PlanInput } from './types.js';

const cases = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    units: fc.integer({ min: 2, max: 12 }),
    regions: fc.integer({ min: 1, max: 8 }),
    drainCount: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ seed, units, regions, drainCount }) => randomPlanCase(seed, units, regions, drainCount).input);

const tolerance = (plan: Plan) => 1e-7 * Math.max(1, plan.movedLoad);

function checkInvariants(input: PlanInput, plan: Plan) {
  const { fleet } = input;
  const { reserveAfterFailover: reserve, herdFactorCold, herdFactorWarm } = fleet.thresholds;
  const tol = tolerance(plan);
  const placed = plan.targets.reduce((s, t) => s + t.load, 0);
  // moved = placed + shed
  expect(Math.abs(placed + plan.shedRequired - plan.movedLoad)).toBeLessThan(tol);
  expect(plan.feasible).toBe(plan.shedRequired === 0);
  if (plan.feasible && plan.movedLoad > 0) {
    expect(Math.abs(plan.targets.reduce((s, t) => s + t.share, 0) - 1)).toBeLessThan(1e-9);
  }
  for (const t of plan.targets) {
    const unit = fleet.workUnits.find((u) => u.id === t.workUnit)!;
    expect(input.drain).not.toContain(t.workUnit);
    expect(input.excluded?.[t.workUnit]).toBeUndefined();
    expect(unit.state).not.toBe('draining');
    expect(t.share).toBeGreaterThan(0);
    // Never past safe capacity minus the reserve, with the herd allowance on top of the moved load.
    const herd = unit.state === 'cold-standby' ? herdFactorCold : herdFactorWarm;
    const peak = input.unitPeakLoad[t.workUnit] ?? 0;
    expect(peak + t.load * (1 + herd)).toBeLessThanOrEqual(input.safeCapacity[t.workUnit]! * (1 - reserve) + tol);
    const byRegion = Object.values(t.byClientRegion).reduce((s, x) => s + x, 0);
    expect(Math.abs(byRegion - t.load)).toBeLessThan(tol);
  }
  // Each client region receives no more than it sent.
  for (const [region, row] of Object.entries(input.regionLoad)) {
    const sent = input.drain.reduce((s, d) => s + (row[d] ?? 0), 0);
    const received = plan.targets.reduce((s, t) => s + (t.byClientRegion[region] ?? 0), 0);
    expect(received).toBeLessThanOrEqual(sent + tol);
  }
  // Every candidate that got nothing is accounted for with a reason.
  const used = new Set(plan.targets.map((t) => t.workUnit));
  for (const u of fleet.workUnits) {
    if (input.drain.includes(u.id) || used.has(u.id)) continue;
    expect(plan.rejected.find((r) => r.workUnit === u.id)?.reason).toMatch(new RegExp(`^${u.id}[: ]`));
  }
  // Stages end at the planned loads.
  if (plan.targets.length > 0) {
    const last = plan.stages[plan.stages.length - 1]!;
    expect(last.cumulativeFraction).toBe(1);
    for (const t of plan.targets)
      expect(last.moves.find((m) => m.workUnit === t.workUnit)!.load).toBeCloseTo(t.load, 6);
  }
}

describe('planFailover properties on random fleets', () => {
  it('respects capacity, reserve and herd; shares sum to 1 when feasible; moved = placed + shed; no barred target', () => {
    fc.assert(
      fc.property(cases, (input) => checkInvariants(input, planFailover(input))),
      { numRuns: 300 },
    );
  });

  it('cannot be beaten by moving load between two targets (local optimality, shed first)', () => {
    fc.assert(
      fc.property(cases, (input) => {
        const plan = planFailover(input);
        const { fleet } = input;
        const { latencyWeight, costWeight } = fleet.objective;
        const perRps = (region: string, unit: string) => {
          const p95 = fleet.ttfb[region]?.[unit]?.p95;
          const price = fleet.transferCostPerGb[unit]?.[region] ?? 0;
          return p95 === undefined
            ? undefined
            : latencyWeight * p95 + (costWeight * price * fleet.avgResponseKb * 3600) / 1e6;
        };
        // Target with spare room that is strictly cheaper for a region some other target serves → not optimal.
        const spare = (unit: string) => {
          const u = fleet.workUnits.find((x) => x.id === unit)!;
          const herd = u.state === 'cold-standby' ? fleet.thresholds.herdFactorCold : fleet.thresholds.herdFactorWarm;
          const load = plan.targets.find((t) => t.workUnit === unit)?.load ?? 0;
          const safe = input.safeCapacity[unit]!;
          return (
            (safe * (1 - fleet.thresholds.reserveAfterFailover) - (input.unitPeakLoad[unit] ?? 0)) / (1 + herd) - load
          );
        };
        const tol = tolerance(plan);
        for (const t of plan.targets) {
          for (const [region, f] of Object.entries(t.byClientRegion)) {
            if (f <= tol) continue;
            for (const other of plan.targets) {
              const a = perRps(region, t.workUnit)!;
              const b = perRps(region, other.workUnit);
              if (b !== undefined && b < a - 1e-9 * Math.max(1, a))
                expect(spare(other.workUnit)).toBeLessThan(tol * 10);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
