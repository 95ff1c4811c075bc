// npm run bench — figures of the deterministic core, one JSON line each.
import { computeBaseline } from '../analytics/baseline.js';
import type { Series, UnitMetric } from '../analytics/types.js';
import { openRuntime } from '../bot/app/runtime.js';
import { evaluateFleet } from '../bot/core/evaluate.js';
import { failoverReport } from '../bot/core/failover.js';
import { baselineInput } from '../bot/core/fleet-history.js';
import { generateFleet, SimulatedFleet, SimulatedMetricsSource } from '../tools/sim/index.js';
import { emit, percentile, round, timeRuns } from './stats.js';

const DEMO = new URL('../manifests/scenarios/demo.yaml', import.meta.url).pathname;

async function exampleFleet() {
  const t0 = performance.now();
  const rt = await openRuntime({ scenario: DEMO }, {});
  await rt.core.learnedAt(rt.atMs);
  emit({ bench: 'history.exampleFleet.90d', value: round(performance.now() - t0, 0), unit: 'ms', stat: 'once' });
  let step = 0;
  const evals = await timeRuns(() => evaluateFleet(rt.core, rt.atMs + (step++ % 12) * 300_000), 200, 10);
  emit({ bench: 'evaluate.exampleFleet', value: round(percentile(evals, 0.5)), unit: 'ms', stat: 'median' });
  emit({ bench: 'evaluate.exampleFleet', value: round(percentile(evals, 0.99)), unit: 'ms', stat: 'p99' });
  const status = await evaluateFleet(rt.core, rt.atMs);
  const plans = await timeRuns(() => failoverReport(rt.core, 'eu-west-1', rt.atMs, status), 50, 3);
  emit({ bench: 'failoverReport.exampleFleet', value: round(percentile(plans, 0.5)), unit: 'ms', stat: 'median' });
}

async function baselinesAtScale(units: number) {
  const fleet = generateFleet({ workUnits: units, clientRegions: 50, seed: 11 });
  const source = new SimulatedMetricsSource(new SimulatedFleet(fleet, { seed: 11 }));
  const endMs = Date.parse('2026-03-03T00:00:00Z');
  const range = { startMs: endMs - 90 * 86_400_000, endMs, stepMs: 300_000 };
  const metrics: UnitMetric[] = ['load', 'cpu', 'memory', 'connections', 'network', 'errorRate', 'latencyP95'];
  const t0 = performance.now();
  const data = new Map<UnitMetric, Map<string, Series>>();
  for (const m of metrics) data.set(m, await source.unitRange(m, range));
  emit({
    bench: `simulate.${units}units.90d.5min`,
    value: round((performance.now() - t0) / 1000, 2),
    unit: 's',
    stat: 'once',
  });
  const get = (m: UnitMetric, id: string) => data.get(m)!.get(id)!;
  const t1 = performance.now();
  for (const unit of fleet.workUnits) computeBaseline(baselineInput(unit, (m) => get(m, unit.id), fleet.thresholds));
  emit({
    bench: `baselines.${units}units.90d.5min`,
    value: round(performance.now() - t1, 0),
    unit: 'ms',
    stat: 'once',
    samplesPerUnit: 25_921,
  });
}

await exampleFleet();
const { benchPlanner } = await import('./planner.bench.js');
await benchPlanner();
await baselinesAtScale(200);
