import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadFleetConfig } from '../../tools/config/load-fleet.js';
import { MAX_STAGES, planStages, stagesNeeded } from './stages.js';

const { thresholds } = loadFleetConfig().fleet; // stageMaxShareOfTarget 0.25, interval 10 min

describe('planStages', () => {
  it('moves a small shift onto a warm target at once', () => {
    const { stages } = planStages([{ workUnit: 'a', load: 200, peak: 1000, cold: false }], thresholds);
    expect(stages).toHaveLength(1);
    expect(stages[0]).toMatchObject({ step: 1, atOffsetMinutes: 0, cumulativeFraction: 1 });
    expect(stages[0]!.description).toBe('Move all 200 rps at once: 200 rps to a.');
  });

  it('splits a large shift into equal steps no bigger than the share of the current load', () => {
    const { stages } = planStages([{ workUnit: 'a', load: 1000, peak: 1000, cold: false }], thresholds);
    expect(stages).toHaveLength(4);
    expect(stages.map((s) => s.atOffsetMinutes)).toEqual([0, 10, 20, 30]);
    expect(stages.map((s) => s.moves[0]!.load)).toEqual([250, 500, 750, 1000]);
    expect(stages[1]!.description).toBe(
      'Stage 2 at +10 min: move 50 % of the planned load (cumulative): 500 rps to a.',
    );
  });

  it('gives a cold target at least three stages even for a small shift', () => {
    expect(stagesNeeded({ workUnit: 'c', load: 10, peak: 0, cold: true }, 0.25)).toBe(3);
    const { stages } = planStages([{ workUnit: 'c', load: 10, peak: 0, cold: true }], thresholds);
    expect(stages).toHaveLength(3);
  });

  it('caps the count and says so when the rule cannot be met', () => {
    const { stages, notes } = planStages([{ workUnit: 'a', load: 1e6, peak: 10, cold: false }], thresholds);
    expect(stages).toHaveLength(MAX_STAGES);
    expect(notes[0]).toMatch(/^a would need more than 12 stages/);
  });

  it('never moves more than the share of current load per step into a warm target, within the cap', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.boolean(),
        (load, peak, cold) => {
          const { stages } = planStages([{ workUnit: 'a', load, peak, cold }], thresholds);
          const step = load / stages.length;
          if (!cold && stages.length < MAX_STAGES) expect(step).toBeLessThanOrEqual(0.25 * peak * (1 + 1e-9));
          // A cold standby's room already holds the cold reconnect allowance: three steps, whatever its trickle.
          if (cold) expect(stages.length).toBe(3);
          expect(stages[stages.length - 1]!.moves[0]!.load).toBeCloseTo(load, 6);
        },
      ),
    );
  });
});
