// Plan + replay (issue 17): the plan for one drained unit, replayed on the fleet model and re-planned
// until no target is predicted in distress, on the example fleet (goal ≤ 50 ms) and on a generated
// fleet of 200 units × 50 client regions (goal ≤ 300 ms); and the backtest's throughput over the
// planning corpus (scenarios per minute). One JSON line per figure.
// Run alone: node --import tsx bench/planning.bench.ts
import { fileURLToPath } from 'node:url';
import { runScenario } from '../analytics/backtest/backtest.js';
import { planWithReplay, type ReplayedPlanInput } from '../analytics/planner/replayed.js';
import { loadsFromRouting, seededRandom } from '../analytics/planner/test-fleet.js';
import type { UnitModel } from '../analytics/replay.js';
import type { FleetModel } from '../analytics/types.js';
import { loadFleetConfig } from '../tools/config/load-fleet.js';
import { loadPlanningCorpus, PLANNING_CORPUS_FILE } from '../tools/config/planning-corpus.js';
import { generateFleet } from '../tools/sim/index.js';
import { emit, percentile, round, timeRuns } from './stats.js';

/**
 * Every unit modelled so that its safe capacity sits where the load state says; one in five is slow
 * (latency reaches the threshold before utilisation does), so the replay re-plans.
 */
function replayedInput(fleet: FleetModel, totalRps: number, seed: number): ReplayedPlanInput {
  const state = loadsFromRouting(fleet, totalRps, 0.6);
  const rnd = seededRandom(seed);
  const models: Record<string, UnitModel> = {};
  for (const u of fleet.workUnits) {
    const healthyLimit = (state.safeCapacity[u.id] ?? 10_000) / 0.8;
    models[u.id] = {
      bindingResource: 'cpu',
      intercept: 0.1,
      slope: 0.85 / healthyLimit,
      kept: 1,
      response: {
        latencyBaseMs: rnd() < 0.2 ? 650 : 120,
        latencyQueueGain: 0.15,
        latencySpread: 0.02,
        errorBase: 0.002,
        errorSpread: 0.001,
      },
    };
  }
  const busiest = fleet.workUnits
    .filter((u) => u.state === 'active')
    .sort((a, b) => state.unitPeakLoad[b.id]! - state.unitPeakLoad[a.id]! || a.id.localeCompare(b.id))[0]!.id;
  return { fleet, drain: [busiest], ...state, models };
}

export async function benchPlanning(): Promise<void> {
  const example = loadFleetConfig().fleet;
  const large = generateFleet({ workUnits: 200, clientRegions: 50, seed: 7 });
  for (const [label, fleet, total, runs] of [
    ['example', example, 100_000, 200],
    ['200units50regions', large, 2_000_000, 30],
  ] as const) {
    const input = replayedInput(fleet, total, 7);
    const samples = await timeRuns(() => planWithReplay(input), runs, 3);
    const plan = planWithReplay(input);
    emit({
      bench: `plan+replay.${label}`,
      value: round(percentile(samples, 0.5)),
      unit: 'ms',
      stat: 'median',
      p99: round(percentile(samples, 0.99)),
      goalMs: label === 'example' ? 50 : 300,
      targets: plan.targets.length,
      replayRounds: plan.replay?.rounds ?? 0,
      distressed: plan.replay?.distressed.length ?? 0,
    });
  }
  const scenarios = loadPlanningCorpus(PLANNING_CORPUS_FILE, example);
  const at = Date.parse('2026-03-03T21:30:00Z');
  const rounds = 20;
  const samples = await timeRuns(() => scenarios.map((s) => runScenario(example, s, at)), rounds, 2);
  const perRun = percentile(samples, 0.5);
  emit({
    bench: 'backtest.corpus',
    value: Math.round((scenarios.length / perRun) * 60_000),
    unit: 'scenarios/min',
    stat: 'median',
    scenarios: scenarios.length,
    msPerCorpus: round(perRun),
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchPlanning();
