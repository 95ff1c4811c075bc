// Planner at scale: one failover plan on a generated fleet of 200 work units × 50 client regions,
// draining the busiest unit, then the five busiest together. Goal: ≤ 100 ms median each.
// Run alone: node --import tsx bench/planner.bench.ts
import { fileURLToPath } from 'node:url';
import { planFailover } from '../analytics/planner/index.js';
import { loadsFromRouting } from '../analytics/planner/test-fleet.js';
import type { PlanInput } from '../analytics/planner/types.js';
import { simulateWhatIf } from '../analytics/whatif.js';
import { generateFleet } from '../tools/sim/index.js';
import { emit, percentile, round, timeRuns } from './stats.js';

const UNITS = 200;
const REGIONS = 50;

function scenario(drainCount: number, utilisation: number): PlanInput {
  const fleet = generateFleet({ workUnits: UNITS, clientRegions: REGIONS, seed: 7 });
  const state = loadsFromRouting(fleet, 2_000_000, utilisation);
  const busiest = fleet.workUnits
    .filter((u) => u.state === 'active')
    .map((u) => u.id)
    .sort((a, b) => state.unitPeakLoad[b]! - state.unitPeakLoad[a]! || a.localeCompare(b))
    .slice(0, drainCount);
  return { fleet, drain: busiest, ...state };
}

export async function benchPlanner(): Promise<void> {
  const name = `${UNITS}units${REGIONS}regions`;
  for (const [label, drainCount, utilisation] of [
    ['drain1', 1, 0.6],
    ['drain5', 5, 0.6],
    // A tight fleet: most targets fill up, so the solver works harder and sheds.
    ['drain5.tight', 5, 0.85],
  ] as const) {
    const input = scenario(drainCount, utilisation);
    const runs = await timeRuns(() => planFailover(input), 50, 5);
    const plan = planFailover(input);
    emit({
      bench: `plan.${name}.${label}`,
      value: round(percentile(runs, 0.5)),
      unit: 'ms',
      stat: 'median',
      p99: round(percentile(runs, 0.99)),
      movedRps: Math.round(plan.movedLoad),
      targets: plan.targets.length,
      shedRps: Math.round(plan.shedRequired),
    });
  }
  const base = scenario(0, 0.6);
  const drain = scenario(5, 0.6).drain;
  const whatIfInput = { ...base, atMs: 0, change: { shed: drain, growPct: 10 } };
  const runs = await timeRuns(() => simulateWhatIf(whatIfInput), 50, 5);
  emit({ bench: `whatif.${name}.shed5.grow10`, value: round(percentile(runs, 0.5)), unit: 'ms', stat: 'median' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchPlanner();
