// The planning corpus: every scenario's decision must agree with the one written down for it, and
// following any plan must drive no target into distress under the scenario's truth.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../analytics/backtest/backtest.js';
import { loadFleetConfig } from '../../tools/config/load-fleet.js';
import { loadPlanningCorpus, PLANNING_CORPUS_FILE } from '../../tools/config/planning-corpus.js';

const { fleet } = loadFleetConfig();
const scenarios = loadPlanningCorpus(PLANNING_CORPUS_FILE, fleet);
const AT = Date.parse('2026-03-03T21:30:00Z');

describe('planning corpus', () => {
  it('has scenarios for each of the four failure kinds and for every verdict', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(20);
    const verdicts = new Set(scenarios.flatMap((s) => Object.values(s.expect.verdicts ?? {})));
    for (const v of ['failover', 'watch', 'unknown']) expect(verdicts).toContain(v);
    expect(scenarios.some((s) => Object.values(s.units ?? {}).some((u) => u.capacityLoss))).toBe(true);
    expect(scenarios.some((s) => s.earlierMoves?.length)).toBe(true);
    expect(
      scenarios.some((s) =>
        Object.values(s.signals ?? {})
          .flat()
          .some((x) => x.includes(':')),
      ),
    ).toBe(true);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    const result = runScenario(fleet, scenario, AT);
    expect(result.mismatches).toEqual([]);
    expect(result.secondIncident).toBe(false);
  });
});
