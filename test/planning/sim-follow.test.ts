// Following the plan in the simulator: its own physics and thundering herd, the next hour.
import { describe, expect, it } from 'vitest';
import { openRuntime } from '../../bot/app/runtime.js';
import { evaluateFleet } from '../../bot/core/evaluate.js';
import { failoverReport } from '../../bot/core/failover.js';
import { followInSimulator, planAsDrainFaults } from '../../bot/shadow/sim-follow.js';
import { DEMO } from '../cli/run-cli.js';

describe('following a plan in the simulator', () => {
  it('the demo’s failover plan, followed stage by stage for an hour, drives no target into distress', async () => {
    const rt = await openRuntime({ scenario: DEMO, historyDays: 10 }, {});
    const status = await evaluateFleet(rt.core, rt.atMs);
    const report = await failoverReport(rt.core, 'eu-west-1', rt.atMs, status);
    expect(report.verdict).toBe('failover');
    const followed = followInSimulator(rt.config.fleet, rt.sim, report.plan, 'eu-west-1', rt.atMs);
    expect(followed.map((f) => f.workUnit)).toEqual(report.plan.targets.map((t) => t.workUnit));
    for (const f of followed) {
      expect(f.distress, JSON.stringify(f)).toBe(false);
      // the moved load shows up on the target
      expect(f.peakUtilisation).toBeGreaterThan(0.2);
    }
    // and the same plan pushed all at once onto one target would hurt it: the check can fail
    const oneTarget = {
      ...report.plan,
      stages: report.plan.stages.slice(-1).map((s) => ({ ...s, atOffsetMinutes: 0 })),
    };
    const biggest = report.plan.targets[0]!;
    const allOnOne = {
      ...oneTarget,
      targets: [{ ...biggest, load: report.plan.movedLoad * 2.5 }],
    };
    const hurt = followInSimulator(rt.config.fleet, rt.sim, allOnOne, 'eu-west-1', rt.atMs);
    expect(hurt[0]!.distress).toBe(true);
  }, 90_000);

  it('stages become drain faults that add up to the plan', () => {
    const plan = {
      feasible: true,
      drained: ['a'],
      movedLoad: 1000,
      targets: [
        {
          workUnit: 'b',
          share: 0.6,
          load: 600,
          headroomAfter: 0.3,
          ttfbP95DeltaMs: 0,
          coldStart: false,
          byClientRegion: {},
        },
        {
          workUnit: 'c',
          share: 0.4,
          load: 400,
          headroomAfter: 0.3,
          ttfbP95DeltaMs: 0,
          coldStart: false,
          byClientRegion: {},
        },
      ],
      costPerHourDelta: 0,
      stages: [1, 2].map((step) => ({
        step,
        atOffsetMinutes: (step - 1) * 10,
        cumulativeFraction: step / 2,
        moves: [],
        description: '',
      })),
      shedRequired: 0,
      rejected: [],
      notes: [],
    };
    const faults = planAsDrainFaults(plan, 'a', 1000, 0, 1);
    expect(faults.map((f) => [f.target, f.startMs])).toEqual([
      ['b', 0],
      ['c', 0],
      ['b', 600_000],
      ['c', 600_000],
    ]);
    // sequential drains of what is left: 30 %, then 20 % of the original, …
    let left = 1;
    const moved: Record<string, number> = { b: 0, c: 0 };
    for (const f of faults) {
      moved[f.target!]! += left * f.magnitude;
      left -= left * f.magnitude;
    }
    expect(moved.b).toBeCloseTo(0.6, 9);
    expect(moved.c).toBeCloseTo(0.4, 9);
  });
});
