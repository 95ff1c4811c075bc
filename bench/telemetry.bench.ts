// npm run bench:telemetry — figures of the real telemetry adapters, one JSON line each:
// alert firing in a real Alertmanager → verdict changed; Prometheus round trips and time per poll
// (and per history load) for the example fleet and for 200 units. Needs Debian's prometheus,
// promtool and prometheus-alertmanager (scripts/install-system-deps.sh).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FleetModel, Verdict } from '../analytics/types.js';
import { Core } from '../bot/core/core.js';
import { evaluateFleet } from '../bot/core/evaluate.js';
import { SeasonalProfileForecaster } from '../bot/core/forecaster.js';
import { startAlertmanager } from '../test/telemetry/helpers/alertmanager-server.js';
import { startPrometheus } from '../test/telemetry/helpers/prometheus-server.js';
import { buildAlertIntake } from '../tools/alerts/index.js';
import { alertIntakeSchema, prometheusSchema } from '../tools/config/fleet-schema.js';
import { loadFleetConfig } from '../tools/config/load-fleet.js';
import { buildPrometheusMetricsSource } from '../tools/prometheus/build.js';
import { generateFleet, SimulatedAnomalyApi, SimulatedFleet, SimulatedMetricsSource } from '../tools/sim/index.js';
import { emit, percentile, round } from './stats.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const STEP_MS = 300_000;
const TOKEN = 'bench-token-0123456789';

async function alertToVerdict(runs: number) {
  const fleet = loadFleetConfig().fleet;
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-am-'));
  const bundle = buildAlertIntake(
    alertIntakeSchema.parse({ listen: { port: 0 }, auth: { bearer: { env: 'T' } }, database: path.join(dir, 'a.db') }),
    fleet,
    { T: TOKEN },
  );
  const server = await bundle.intake.listen('127.0.0.1', 0);
  const am = await startAlertmanager(server.url, TOKEN);
  const now = Date.now();
  const sim = new SimulatedFleet(fleet, {
    seed: 3,
    faults: [
      { kind: 'anomaly-api-flag', workUnit: 'eu-west-1', startMs: now - HOUR_MS, endMs: now + DAY_MS, magnitude: 0.9 },
    ],
  });
  const core = new Core({
    fleet,
    metrics: new SimulatedMetricsSource(sim),
    signalSources: [new SimulatedAnomalyApi(sim), bundle.source],
    sourcesInUse: ['anomaly-api', 'alertmanager'],
    forecaster: new SeasonalProfileForecaster(),
    history: { days: 28, stepMs: HOUR_MS },
  });
  await core.learnedAt(now);
  let waiting: ((v: Verdict) => void) | undefined;
  bundle.intake.onAlert(async () => {
    const status = await evaluateFleet(core, Date.now());
    waiting?.(status.workUnits.find((u) => u.id === 'eu-west-1')!.verdict.verdict);
  });
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    const labels = { alertname: `BenchAlert${i}`, work_unit: 'eu-west-1' };
    const startsAt = new Date().toISOString();
    const changed = new Promise<Verdict>((resolve) => {
      waiting = (v) => v === 'failover' && resolve(v);
    });
    const t0 = performance.now();
    await am.pushAlerts([{ labels, startsAt }]);
    await changed;
    latencies.push(performance.now() - t0);
    const cleared = new Promise<Verdict>((resolve) => {
      waiting = (v) => v === 'watch' && resolve(v);
    });
    await am.pushAlerts([{ labels, startsAt, endsAt: new Date().toISOString() }]);
    await cleared;
  }
  const fig = { bench: 'alertmanager.alertToVerdict', unit: 'ms', runs, groupWaitMs: 50 };
  emit({ ...fig, value: round(percentile(latencies, 0.5), 1), stat: 'median' });
  emit({ ...fig, value: round(percentile(latencies, 0.95), 1), stat: 'p95' });
  emit({ ...fig, value: round(Math.max(...latencies), 1), stat: 'max' });
  await am.stop();
  await server.close();
  bundle.store.close();
  rmSync(dir, { recursive: true, force: true });
}

async function prometheusPoll(label: string, fleet: FleetModel, historyDays: number, polls: number) {
  const endMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - DAY_MS;
  const sim = new SimulatedFleet(fleet, { seed: 5, nowMs: endMs, historyDays });
  const range = { startMs: endMs - historyDays * DAY_MS, endMs, stepMs: STEP_MS };
  const prom = await startPrometheus({ backfill: { sim, range } });
  const bf = prom.backfill!;
  emit({
    bench: `prometheus.backfill.${label}`,
    value: round(bf.writeMs + bf.promtoolMs, 0),
    unit: 'ms',
    stat: 'once',
    samples: bf.samples,
    series: bf.series,
    promtoolMs: round(bf.promtoolMs, 0),
  });
  const source = buildPrometheusMetricsSource(prometheusSchema.parse({ url: prom.url, timeoutMs: 60_000 }), fleet, {});
  const core = new Core({
    fleet,
    metrics: source,
    signalSources: [],
    sourcesInUse: ['metrics'],
    forecaster: new SeasonalProfileForecaster(),
    history: { days: historyDays, stepMs: STEP_MS },
  });
  const atMs = endMs - 2 * HOUR_MS;
  let trips = source.client.roundTrips;
  let t0 = performance.now();
  await core.learnedAt(atMs);
  emit({
    bench: `prometheus.history.${label}.${historyDays}d`,
    value: round(performance.now() - t0, 0),
    unit: 'ms',
    stat: 'once',
    roundTrips: source.client.roundTrips - trips,
    units: fleet.workUnits.length,
  });
  const times: number[] = [];
  trips = source.client.roundTrips;
  for (let i = 0; i < polls; i++) {
    t0 = performance.now();
    await evaluateFleet(core, atMs + (i % 12) * STEP_MS);
    times.push(performance.now() - t0);
  }
  const perPoll = (source.client.roundTrips - trips) / polls;
  const fig = {
    bench: `prometheus.poll.${label}`,
    unit: 'ms',
    units: fleet.workUnits.length,
    roundTripsPerPoll: perPoll,
  };
  emit({ ...fig, value: round(percentile(times, 0.5), 1), stat: 'median' });
  emit({ ...fig, value: round(percentile(times, 0.95), 1), stat: 'p95' });
  await prom.stop();
}

await alertToVerdict(20);
await prometheusPoll('exampleFleet', loadFleetConfig().fleet, 90, 30);
await prometheusPoll('200units', generateFleet({ workUnits: 200, clientRegions: 50, seed: 11 }), 7, 30);
