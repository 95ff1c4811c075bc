import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadFleetConfig } from '../tools/config/load-fleet.js';
import { HeadroomError } from './errors.js';
import { planFailover } from './planner/plan.js';
import { loadsFromRouting, randomPlanCase } from './planner/test-fleet.js';
import { simulateWhatIf, type WhatIfChange, type WhatIfInput } from './whatif.js';

const { fleet } = loadFleetConfig();
const AT = Date.parse('2026-03-01T21:00:00Z');

function whatIf(change: WhatIfChange, utilisation: number | Record<string, number> = 0.6): WhatIfInput {
  return { fleet, atMs: AT, ...loadsFromRouting(fleet, 100_000, utilisation), change };
}

const unitOf = (r: ReturnType<typeof simulateWhatIf>, id: string) => r.workUnits.find((u) => u.id === id)!;

describe('simulateWhatIf', () => {
  it('with no change, is feasible and reports today’s headroom', () => {
    const r = simulateWhatIf(whatIf({}));
    expect(r).toMatchObject({ feasible: true, atMs: AT, violations: [], plan: null });
    expect(unitOf(r, 'us-east-1').headroomAtPeak).toBeCloseTo(0.4, 9);
    expect(r.workUnits).toHaveLength(fleet.workUnits.length);
  });

  it('growth multiplies every load; past safe capacity it is a violation', () => {
    const r = simulateWhatIf(whatIf({ growPct: 80 }));
    expect(unitOf(r, 'us-east-1').peakLoad).toBeCloseTo(29_500 * 1.8, 6);
    expect(r.feasible).toBe(false);
    const over = r.violations.filter((v) => v.kind === 'over-safe-capacity').map((v) => v.workUnit);
    expect(over).toContain('us-east-1');
    expect(over).not.toContain('sa-east-1');
  });

  it('added capacity scales safe capacity and can restore feasibility', () => {
    const grown = { growPct: 80, addCapacityPct: Object.fromEntries(fleet.workUnits.map((u) => [u.id, 100])) };
    const r = simulateWhatIf(whatIf(grown));
    expect(unitOf(r, 'us-east-1').safeCapacity).toBeCloseTo((29_500 / 0.6) * 2, 6);
    expect(r.feasible).toBe(true);
  });

  it('shedding a unit runs the planner on the changed state and moves its load onto the targets', () => {
    const r = simulateWhatIf(whatIf({ shed: ['eu-west-1'] }, { 'eu-central-1': 0.35 }));
    expect(r.plan).not.toBeNull();
    expect(r.feasible).toBe(true);
    expect(unitOf(r, 'eu-west-1').peakLoad).toBe(0);
    expect(unitOf(r, 'eu-central-1').peakLoad).toBeCloseTo(13_500 + 16_500, 6);
    const direct = planFailover({
      fleet,
      drain: ['eu-west-1'],
      ...loadsFromRouting(fleet, 100_000, { 'eu-central-1': 0.35 }),
    });
    expect(r.plan).toEqual(direct);
  });

  it('decommissioning removes the unit from the result; too much at once requires shedding', () => {
    const r = simulateWhatIf(whatIf({ decommission: ['us-east-1', 'eu-west-1', 'eu-central-1'] }));
    expect(r.workUnits.map((u) => u.id)).not.toContain('us-east-1');
    expect(r.feasible).toBe(false);
    const shed = r.violations.find((v) => v.kind === 'shed-required')!;
    expect(shed.detail).toMatch(
      /^\d+ rps of the \d+ rps moved from us-east-1, eu-west-1, eu-central-1 cannot be placed/,
    );
    expect(r.plan!.shedRequired).toBeGreaterThan(0);
  });

  it('a forced split past a target’s room shows up as violations', () => {
    const r = simulateWhatIf(whatIf({ shed: ['eu-west-1'], forcedSplit: { 'eu-central-1': 1 } }));
    expect(r.feasible).toBe(false);
    const kinds = r.violations.filter((v) => v.workUnit === 'eu-central-1').map((v) => v.kind);
    expect(kinds.some((k) => k === 'over-reserve' || k === 'over-safe-capacity')).toBe(true);
    expect(r.violations.some((v) => v.kind === 'shed-required')).toBe(true);
  });

  it('rejects unknown units, a split with nothing to move, and impossible percentages', () => {
    expect(() => simulateWhatIf(whatIf({ shed: ['nowhere'] }))).toThrow(HeadroomError);
    expect(() => simulateWhatIf(whatIf({ forcedSplit: { 'us-east-1': 1 } }))).toThrow(/needs at least one unit/);
    expect(() => simulateWhatIf(whatIf({ growPct: -150 }))).toThrow(HeadroomError);
    expect(() => simulateWhatIf(whatIf({ addCapacityPct: { 'us-east-1': -100 } }))).toThrow(HeadroomError);
  });

  it('never reports feasible while a remaining unit is over its safe capacity (random fleets)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 2, max: 10 }),
        fc.integer({ min: -50, max: 100 }),
        fc.boolean(),
        (seed, units, growPct, shed) => {
          const { input, drain } = randomPlanCase(seed, units, 5, 2);
          const r = simulateWhatIf({ ...input, atMs: AT, change: { growPct, ...(shed ? { shed: drain } : {}) } });
          const over = r.workUnits.some((u) => u.safeCapacity > 0 && u.peakLoad > u.safeCapacity * (1 + 1e-9));
          if (over) expect(r.feasible).toBe(false);
          if (r.feasible && r.plan) expect(r.plan.feasible).toBe(true);
          const total = r.workUnits.reduce((s, u) => s + u.peakLoad, 0) + (r.plan?.shedRequired ?? 0);
          const before = Object.values(input.unitPeakLoad).reduce((s, x) => s + x, 0) * (1 + growPct / 100);
          // Load is conserved: nothing appears or vanishes except what the plan sheds.
          expect(total).toBeCloseTo(before, 3);
        },
      ),
      { numRuns: 150 },
    );
  });
});
