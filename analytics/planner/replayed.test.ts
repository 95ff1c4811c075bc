import { describe, expect, it } from 'vitest';
import { loadFleetConfig } from '../../tools/config/load-fleet.js';
import type { UnitModel } from '../replay.js';
import { simulateWhatIf } from '../whatif.js';
import { planWithReplay } from './replayed.js';
import { loadsFromRouting } from './test-fleet.js';

const { fleet } = loadFleetConfig();
const state = loadsFromRouting(fleet, 100_000, 0.5);
const RESPONSE = {
  latencyBaseMs: 120,
  latencyQueueGain: 0.15,
  latencySpread: 0.02,
  errorBase: 0.002,
  errorSpread: 0.001,
};

/** Each unit's line puts 95 % utilisation at safe capacity / 0.8; `slow` units have a 700 ms base latency. */
function models(slow: string[] = []): Record<string, UnitModel> {
  return Object.fromEntries(
    fleet.workUnits.map((u) => [
      u.id,
      {
        bindingResource: 'cpu' as const,
        intercept: 0.1,
        slope: 0.85 / (state.safeCapacity[u.id]! / 0.8),
        kept: 1,
        response: { ...RESPONSE, latencyBaseMs: slow.includes(u.id) ? 700 : 120 },
      },
    ]),
  );
}

describe('planWithReplay', () => {
  it('replays every target: predicted utilisation, p95 and errors, no distress on a sound plan', () => {
    const plan = planWithReplay({ fleet, drain: ['eu-west-1'], ...state, models: models() });
    expect(plan.replay!.rounds).toBe(0);
    expect(plan.replay!.targets.map((o) => o.workUnit)).toEqual(plan.targets.map((t) => t.workUnit));
    for (const o of plan.replay!.targets) {
      expect(o.distress).toBe(false);
      expect(o.peakUtilisation).toBeGreaterThan(0.1);
      expect(o.p95Ms).toBeGreaterThan(120);
      expect(o.herdLoad).toBeGreaterThan(0);
    }
  });

  it('caps a target the model says would pass 800 ms p95 and moves the rest elsewhere', () => {
    const before = planWithReplay({ fleet, drain: ['eu-west-1'], ...state, models: models() });
    const central = before.targets.find((t) => t.workUnit === 'eu-central-1')!;
    const plan = planWithReplay({ fleet, drain: ['eu-west-1'], ...state, models: models(['eu-central-1']) });
    expect(plan.replay!.rounds).toBeGreaterThan(0);
    expect(plan.replay!.distressed).toEqual([]);
    const after = plan.targets.find((t) => t.workUnit === 'eu-central-1')?.load ?? 0;
    expect(after).toBeLessThan(central.load);
    expect(plan.replay!.notes.join(' ')).toMatch(/eu-central-1 into distress in the replay/);
    expect(plan.movedLoad).toBeCloseTo(before.movedLoad, 6);
  });

  it('a forced split onto a slow unit is kept as asked, reported as distress, and not feasible', () => {
    const plan = planWithReplay({
      fleet,
      drain: ['eu-west-1'],
      ...state,
      forcedSplit: { 'eu-central-1': 1 },
      models: models(['eu-central-1']),
    });
    expect(plan.feasible).toBe(false);
    expect(plan.replay!.distressed).toEqual(['eu-central-1']);
    expect(plan.replay!.notes.join(' ')).toMatch(/forced split drives eu-central-1 into distress/);
    const whatIf = simulateWhatIf({
      fleet,
      atMs: 0,
      ...state,
      models: models(['eu-central-1']),
      change: { shed: ['eu-west-1'], forcedSplit: { 'eu-central-1': 1 } },
    });
    expect(whatIf.feasible).toBe(false);
    expect(whatIf.violations.map((v) => v.kind)).toContain('replay-distress');
  });
});

describe('planWithReplay: smaller stages first', () => {
  it('when only the reconnect spike of a large step tips a target over, the move is split into more stages', async () => {
    const { queueing } = await import('../unit-response.js');
    const base = planWithReplay({ fleet, drain: ['eu-west-1'], ...state, models: models() });
    const central = base.targets.find((t) => t.workUnit === 'eu-central-1')!;
    const m = models()['eu-central-1']!;
    const steps = base.stages.length;
    const finer = Math.min(6, Math.max(3, 2 * steps));
    const pressure = (stages: number) =>
      m.intercept + m.slope * (state.unitPeakLoad['eu-central-1']! + central.load * (1 + 0.25 / stages));
    // a base latency that puts p95 at 800 ms between the herd of `steps` and of `finer` stages
    const between = (pressure(steps) + pressure(finer)) / 2;
    const slow = { ...m, response: { ...m.response!, latencyBaseMs: 800 / (1 + 0.15 * queueing(between)) } };
    const plan = planWithReplay({
      fleet,
      drain: ['eu-west-1'],
      ...state,
      models: { ...models(), 'eu-central-1': slow },
    });
    expect(plan.stages.length).toBe(finer);
    expect(plan.targets.find((t) => t.workUnit === 'eu-central-1')!.load).toBeCloseTo(central.load, 6);
    expect(plan.replay!.distressed).toEqual([]);
    expect(plan.replay!.notes.join(' ')).toMatch(/split into \d+ smaller stages/);
  });
});
