import { describe, expect, it } from 'vitest';
import { loadFleetConfig } from '../../tools/config/load-fleet.js';
import { HeadroomError } from '../errors.js';
import { solveTransport } from './min-cost-flow.js';
import { arcCost, movedRegions } from './network.js';
import { planFailover } from './plan.js';
import { loadsFromRouting } from './test-fleet.js';
import type { PlanInput } from './types.js';

const { fleet } = loadFleetConfig();
const TOTAL = 100_000;

function input(overrides: Partial<PlanInput> = {}, utilisation: number | Record<string, number> = 0.6): PlanInput {
  return { fleet, drain: ['eu-west-1'], ...loadsFromRouting(fleet, TOTAL, utilisation), ...overrides };
}

const reasonOf = (plan: ReturnType<typeof planFailover>, unit: string) =>
  plan.rejected.find((r) => r.workUnit === unit)?.reason;

describe('planFailover on the example fleet', () => {
  it('moves all EU traffic of eu-west-1 to eu-central-1 when eu-central-1 has room', () => {
    const plan = planFailover(input({}, { 'eu-central-1': 0.35 }));
    expect(plan.feasible).toBe(true);
    expect(plan.movedLoad).toBeCloseTo(TOTAL * (0.16 * 0.9 + 0.14 * 0.15), 6);
    expect(plan.targets.map((t) => t.workUnit)).toEqual(['eu-central-1']);
    const [t] = plan.targets;
    expect(t!.share).toBeCloseTo(1, 9);
    expect(t!.byClientRegion['eu-west']).toBeCloseTo(TOTAL * 0.16 * 0.9, 6);
    // eu-west clients: 50 → 79 ms; eu-central clients: 76 → 46 ms; weighted by load.
    const expected = (14_400 * (79 - 50) + 2_100 * (46 - 76)) / 16_500;
    expect(t!.ttfbP95DeltaMs).toBeCloseTo(expected, 9);
    // Same egress price from both EU units: the move costs nothing.
    expect(plan.costPerHourDelta).toBeCloseTo(0, 9);
    expect(plan.shedRequired).toBe(0);
  });

  it('fills eu-central-1 up to its allowance and spills the rest to the next best target', () => {
    const plan = planFailover(input());
    const central = plan.targets.find((t) => t.workUnit === 'eu-central-1')!;
    const { reserveAfterFailover: reserve, herdFactorWarm: herd } = fleet.thresholds;
    const peak = TOTAL * 0.135;
    const safe = peak / 0.6;
    expect(central.load).toBeCloseTo((safe * (1 - reserve) - peak) / (1 + herd), 6);
    // Clients of eu-central stay closest to home: all 2100 rps of them go to eu-central-1.
    expect(central.byClientRegion['eu-central']).toBeCloseTo(2_100, 6);
    expect(plan.targets[0]!.workUnit).toBe('us-east-1');
    expect(plan.notes.some((n) => n.startsWith('eu-central-1 takes all the room it has'))).toBe(true);
    expect(plan.feasible).toBe(true);
    // transfer: 11 100 rps of eu-west now served from us-east-1 at 0.07 instead of 0.05 $/GB.
    expect(plan.costPerHourDelta).toBeCloseTo(11_100 * 3600 * (180 / 1e6) * 0.02, 6);
  });

  it('gives exactly the optimum of the transportation problem', () => {
    const plan = planFailover(input());
    const regions = movedRegions(input(), new Set(['eu-west-1']));
    const objective = plan.targets.reduce(
      (sum, t) =>
        sum + Object.entries(t.byClientRegion).reduce((s, [r, f]) => s + f * arcCost(fleet, r, t.workUnit)!, 0),
      0,
    );
    // Brute force over the two-region problem: how much of eu-west (the rest of eu-central-1's room) goes where.
    const direct = solveTransport({
      supplies: regions.map((r) => r.load),
      capacities: [Number.POSITIVE_INFINITY],
      cost: (i) => arcCost(fleet, regions[i]!.id, 'eu-central-1'),
    });
    expect(direct.cost).toBeLessThan(objective); // sanity: unconstrained is cheaper
    let best = Number.POSITIVE_INFINITY;
    const room = plan.targets.find((t) => t.workUnit === 'eu-central-1')!.load;
    for (let k = 0; k <= 1000; k++) {
      const centralFromCentral = Math.min(2_100, (room * k) / 1000);
      const centralFromWest = room - centralFromCentral;
      const best2 = (r: string) =>
        Math.min(...['us-east-1', 'us-west-2', 'ap-south-1', 'ap-northeast-1'].map((u) => arcCost(fleet, r, u)!));
      const cost =
        centralFromCentral * arcCost(fleet, 'eu-central', 'eu-central-1')! +
        centralFromWest * arcCost(fleet, 'eu-west', 'eu-central-1')! +
        (2_100 - centralFromCentral) * best2('eu-central') +
        (14_400 - centralFromWest) * best2('eu-west');
      best = Math.min(best, cost);
    }
    expect(objective).toBeCloseTo(best, 3);
  });

  it('rejects a highly utilised unit with a reason that cites its numbers', () => {
    const plan = planFailover(input({}, { 'eu-central-1': 0.95 }));
    expect(plan.targets.some((t) => t.workUnit === 'eu-central-1')).toBe(false);
    expect(reasonOf(plan, 'eu-central-1')).toBe(
      'eu-central-1 not recommended: 95 % utilised at forecast peak, no room after the 10 % reserve',
    );
  });

  it('cites the exclusion reason, and never places traffic on an excluded unit', () => {
    const excluded = { 'eu-central-1': 'verdict unknown: telemetry stale' };
    const plan = planFailover(input({ excluded }, { 'eu-central-1': 0.35 }));
    expect(plan.targets.some((t) => t.workUnit === 'eu-central-1')).toBe(false);
    expect(reasonOf(plan, 'eu-central-1')).toBe('eu-central-1: excluded (verdict unknown: telemetry stale)');
  });

  it('explains unused candidates with their latency penalty', () => {
    const plan = planFailover(input({}, { 'eu-central-1': 0.35 }));
    expect(reasonOf(plan, 'ap-northeast-1')).toMatch(
      /^ap-northeast-1: not used: lost on latency and cost \(TTFB p95 \+\d+ ms, .*clients in \S+ would get TTFB p95 \+\d+ ms against eu-central-1\); it had room for [\d,]+ rps$/,
    );
    // vs eu-central-1 for the same clients: (14 400 × (166 − 79) + 2 100 × (184 − 46)) / 16 500 ≈ 93 ms;
    // egress 0.07 instead of 0.05 $/GB at 180 kB per response.
    expect(reasonOf(plan, 'us-east-1')).toBe(
      'us-east-1: not used: lost on latency and cost (TTFB p95 +93 ms, +$12.96/h per 1000 rps for the moved clients; clients in eu-west would get TTFB p95 +87 ms against eu-central-1); it had room for 11,800 rps',
    );
    expect(plan.rejected.map((r) => r.workUnit)).not.toContain('eu-west-1');
  });

  it('is infeasible when several units are shed, and shedRequired is exactly the load that does not fit', () => {
    const drain = ['us-east-1', 'eu-west-1', 'eu-central-1'];
    const state = loadsFromRouting(fleet, TOTAL, 0.6);
    const plan = planFailover({ fleet, drain, ...state });
    expect(plan.feasible).toBe(false);
    const { reserveAfterFailover: reserve, herdFactorWarm, herdFactorCold } = fleet.thresholds;
    // Every candidate can reach every moved client region, so the room is the sum of allowances.
    const room = fleet.workUnits
      .filter((u) => !drain.includes(u.id))
      .reduce((sum, u) => {
        const herd = u.state === 'cold-standby' ? herdFactorCold : herdFactorWarm;
        const allowance = (state.safeCapacity[u.id]! * (1 - reserve) - state.unitPeakLoad[u.id]!) / (1 + herd);
        return sum + Math.max(0, allowance);
      }, 0);
    expect(plan.shedRequired).toBeCloseTo(plan.movedLoad - room, 6);
    expect(plan.shedRequired).toBeGreaterThan(0);
    const placed = plan.targets.reduce((s, t) => s + t.load, 0);
    expect(placed + plan.shedRequired).toBeCloseTo(plan.movedLoad, 6);
    expect(plan.notes[0]).toMatch(/^cannot place [\d,]+ rps of [\d,]+ rps/);
    expect(plan.targets.some((t) => t.workUnit === 'sa-east-1' && t.coldStart)).toBe(true);
  });

  it('stages a cold target in at least three steps', () => {
    const plan = planFailover(input({ drain: ['us-east-1'] }));
    expect(plan.targets.some((t) => t.coldStart)).toBe(true);
    expect(plan.stages.length).toBeGreaterThanOrEqual(3);
    const last = plan.stages[plan.stages.length - 1]!;
    expect(last.cumulativeFraction).toBe(1);
    for (const t of plan.targets) {
      expect(last.moves.find((m) => m.workUnit === t.workUnit)!.load).toBeCloseTo(t.load, 9);
    }
    expect(plan.stages[1]!.description).toMatch(/^Stage 2 at \+10 min: move \d+ % of the planned load/);
  });

  it('places a forced split exactly and reports the breach instead of refusing', () => {
    const forcedSplit = { 'eu-central-1': 0.8, 'us-east-1': 0.2 };
    const plan = planFailover(input({ forcedSplit }));
    const byUnit = Object.fromEntries(plan.targets.map((t) => [t.workUnit, t.share]));
    expect(byUnit['eu-central-1']).toBeCloseTo(0.8, 9);
    expect(byUnit['us-east-1']).toBeCloseTo(0.2, 9);
    expect(plan.feasible).toBe(false);
    const central = plan.targets.find((t) => t.workUnit === 'eu-central-1')!;
    const optimal = planFailover(input());
    const allowance = optimal.targets.find((t) => t.workUnit === 'eu-central-1')!.load;
    expect(plan.shedRequired).toBeCloseTo(central.load - allowance, 6);
    expect(plan.notes.some((n) => n.startsWith('forced split gives eu-central-1'))).toBe(true);
    expect(reasonOf(plan, 'us-west-2')).toBe('us-west-2: not in the forced split');
  });

  it('reports a forced split onto an excluded unit as infeasible, with the exclusion reason', () => {
    const excluded = { 'eu-central-1': 'verdict unknown: telemetry stale' };
    const plan = planFailover(
      input({ excluded, forcedSplit: { 'eu-central-1': 0.5, 'us-east-1': 0.5 } }, { 'eu-central-1': 0.35 }),
    );
    expect(plan.feasible).toBe(false);
    expect(plan.shedRequired).toBe(0);
    expect(plan.notes).toContain(
      'forced split sends 8,250 rps to eu-central-1, which is excluded (verdict unknown: telemetry stale)',
    );
  });

  it('accepts a forced split that fits', () => {
    const plan = planFailover(
      input({ forcedSplit: { 'eu-central-1': 0.5, 'us-east-1': 0.5 } }, { 'eu-central-1': 0.35 }),
    );
    expect(plan.feasible).toBe(true);
    expect(plan.shedRequired).toBe(0);
  });

  it('names the sum of a bad forced split without floating-point noise', () => {
    const split = { 'eu-central-1': 0.7, 'us-east-1': 0.2 };
    expect(() => planFailover(input({ forcedSplit: split }))).toThrow(
      'forced split shares must sum to 1 (±0.0015), not 0.9',
    );
  });

  it('takes shares written to a few decimals (thirds as 0.3333) and places them as exact fractions', () => {
    const third = 0.3333;
    const plan = planFailover(
      input(
        { forcedSplit: { 'eu-central-1': third, 'us-east-1': third, 'us-west-2': third } },
        { 'eu-central-1': 0.35 },
      ),
    );
    const shares = plan.targets.map((t) => t.share);
    expect(shares).toHaveLength(3);
    for (const share of shares) expect(share).toBeCloseTo(1 / 3, 9);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('validates the forced split and the drained units', () => {
    const bad = (forcedSplit: Record<string, number>) => () => planFailover(input({ forcedSplit }));
    const splits: Record<string, number>[] = [
      { 'eu-central-1': 0.5 },
      { 'eu-central-1': 0.5, 'xx-nowhere-1': 0.5 },
      { 'eu-west-1': 1 },
      {},
      { 'eu-central-1': 1.5, 'us-east-1': -0.5 },
    ];
    for (const split of splits) {
      expect(bad(split)).toThrow(HeadroomError);
      try {
        bad(split)();
      } catch (e) {
        expect((e as HeadroomError).code).toBe('INPUT_INVALID');
      }
    }
    expect(() => planFailover(input({ drain: ['nowhere'] }))).toThrow(/unknown work unit "nowhere"/);
  });

  it('is deterministic and orders targets by share then id', () => {
    const a = planFailover(input({ drain: ['us-east-1', 'ap-south-1'] }));
    const b = planFailover(input({ drain: ['us-east-1', 'ap-south-1'] }));
    expect(a).toEqual(b);
    for (let i = 1; i < a.targets.length; i++)
      expect(a.targets[i - 1]!.share).toBeGreaterThanOrEqual(a.targets[i]!.share);
  });

  it('writes plain text: no emoji, no Slack markup', () => {
    const plan = planFailover(input({ drain: ['us-east-1', 'eu-west-1'] }));
    const text = [...plan.rejected.map((r) => r.reason), ...plan.notes, ...plan.stages.map((s) => s.description)];
    for (const line of text) expect(line).not.toMatch(/[*_`~<>]|\p{Extended_Pictographic}/u);
  });

  it('moves nothing when the drained unit carries nothing', () => {
    const plan = planFailover(input({ drain: ['sa-east-1'] }));
    expect(plan).toMatchObject({ feasible: true, movedLoad: 0, targets: [], stages: [], shedRequired: 0 });
  });
});
