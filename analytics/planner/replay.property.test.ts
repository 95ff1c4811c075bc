// Properties of the degraded-target policy and of every replayed plan, over generated fleets and
// faults: random fleets from randomPlanCase, each unit given a model whose learned line puts its
// safe capacity where the case says, a random capacity loss on some, and the lossy ones marked
// degraded (as the core marks units with an active capacity loss).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UnitModel } from '../replay.js';
import type { WorkUnitId } from '../types.js';
import { planFailover } from './plan.js';
import { planWithReplay, type ReplayedPlanInput } from './replayed.js';
import { randomPlanCase } from './test-fleet.js';

const RESPONSE = {
  latencyBaseMs: 120,
  latencyQueueGain: 0.15,
  latencySpread: 0.02,
  errorBase: 0.002,
  errorSpread: 0.001,
};

const cases = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    units: fc.integer({ min: 2, max: 10 }),
    regions: fc.integer({ min: 1, max: 6 }),
    drainCount: fc.integer({ min: 1, max: 2 }),
    losses: fc.array(fc.double({ min: 0, max: 0.9, noNaN: true }), { minLength: 10, maxLength: 10 }),
    // a slow unit reaches the latency threshold before its utilisation does: only the replay sees it
    latencies: fc.array(fc.integer({ min: 60, max: 480 }), { minLength: 10, maxLength: 10 }),
  })
  .map(({ seed, units, regions, drainCount, losses, latencies }): ReplayedPlanInput => {
    const { input } = randomPlanCase(seed, units, regions, drainCount);
    const models: Record<WorkUnitId, UnitModel> = {};
    const lastResort: Record<WorkUnitId, string> = {};
    input.fleet.workUnits.forEach((u, i) => {
      const loss = (losses[i] ?? 0) > 0.5 ? (losses[i] ?? 0) : 0;
      // safe capacity = 0.8 × the load at which utilisation reaches 0.95 (the seed rule), learned before the loss
      const healthyLimit = (input.safeCapacity[u.id] ?? 10_000) / 0.8;
      models[u.id] = {
        bindingResource: 'cpu',
        intercept: 0.1,
        slope: 0.85 / healthyLimit,
        kept: 1 - loss,
        response: { ...RESPONSE, latencyBaseMs: latencies[i] ?? 120 },
      };
      if (loss > 0 && !input.drain.includes(u.id)) {
        lastResort[u.id] = `active capacity loss: about ${Math.round(100 * loss)} % of capacity lost`;
        input.safeCapacity[u.id] = (input.safeCapacity[u.id] ?? 0) * (1 - loss);
      }
    });
    return { ...input, lastResort, models };
  });

describe('replayed plans on generated fleets and faults', () => {
  it('no target with an active capacity loss receives traffic when a clean plan exists', () => {
    fc.assert(
      fc.property(cases, (input) => {
        const degraded = Object.keys(input.lastResort ?? {});
        const { models: _models, ...planInput } = input;
        const clean = planFailover({
          ...planInput,
          lastResort: {},
          excluded: { ...input.excluded, ...input.lastResort },
        });
        const plan = planFailover(planInput);
        if (clean.shedRequired === 0) {
          for (const t of plan.targets) expect(degraded).not.toContain(t.workUnit);
          expect(plan.shedRequired).toBe(0);
        }
        for (const t of plan.targets) if (degraded.includes(t.workUnit)) expect(t.lastResort).toMatch(/last resort/);
        for (const id of degraded) {
          if (plan.targets.some((t) => t.workUnit === id)) continue;
          expect(plan.rejected.find((r) => r.workUnit === id)?.reason).toMatch(/kept out|not recommended|excluded/);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('every replayed plan keeps each target below its distress thresholds, or reports the shed', () => {
    let replanned = 0;
    fc.assert(
      fc.property(cases, (input) => {
        const plan = planWithReplay(input);
        expect(plan.replay).toBeDefined();
        const replay = plan.replay!;
        if (replay.rounds > 0) replanned++;
        expect(replay.targets.map((o) => o.workUnit).sort()).toEqual(plan.targets.map((t) => t.workUnit).sort());
        for (const o of replay.targets) {
          const t = input.fleet.thresholds;
          if (!o.distress) {
            expect(o.peakUtilisation).toBeLessThan(t.utilisationFiring);
            expect(o.p95Ms).toBeLessThan(t.latencyP95FiringMs);
            expect(o.errorRate).toBeLessThan(t.errorRateFiring);
          }
        }
        if (replay.distressed.length > 0) {
          expect(plan.feasible).toBe(false);
          expect(replay.notes.join(' ')).toMatch(/shed/);
        }
        expect(replay.distressed).toEqual([]);
      }),
      { numRuns: 150 },
    );
    // the generator does produce first plans the replay rejects
    expect(replanned).toBeGreaterThan(5);
  });
});
