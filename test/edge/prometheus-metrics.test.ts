// The edge agent's local metrics from a real Prometheus on 127.0.0.1 (Debian's binary, run by the
// telemetry harness): backfilled history for exact, dated comparisons, a live scrape of the
// simulated-fleet exporter for the CLI, and Prometheus stopped or hanging for the "unknown" cases.
// Every Check goes over mutual TLS through the central's client.
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNIT_METRICS, type UnitMetric } from '../../analytics/types.js';
import { edgeCheckCommand } from '../../bot/cli/commands/edge-check.js';
import { type EdgeAgent, startEdgeAgent } from '../../edge-agent/agent.js';
import { agentConfigSchema, localPrometheusSchema } from '../../edge-agent/config.js';
import { buildPrometheusLocalMetrics } from '../../edge-agent/local-metrics.js';
import type { CheckReport } from '../../edge-agent/wire/types.js';
import { loadFleetConfig } from '../../tools/config/load-fleet.js';
import { EdgeAgentClient } from '../../tools/edge/client.js';
import { PrometheusClient } from '../../tools/prometheus/client.js';
import { METRIC_NAMES } from '../../tools/prometheus/queries.js';
import { type SimExporter, startSimExporter } from '../../tools/prometheus/sim-exporter.js';
import { SimulatedFleet } from '../../tools/sim/index.js';
import { freePort } from '../telemetry/helpers/processes.js';
import { type PrometheusServer, startPrometheus } from '../telemetry/helpers/prometheus-server.js';
import {
  AGENT_ID,
  agentTls,
  CENTRAL_ID,
  captureLog,
  centralOptions,
  type EdgePki,
  makeEdgePki,
  until,
  WU,
} from './fixtures.js';

const STEP_MS = 5 * 60_000;
const MINUTE_MS = 60_000;
/** Backfilled history: one hour at 5-min steps ending 6 h ago, well clear of the live head block. */
const BACKFILL_END_MS = Math.floor((Date.now() - 6 * 3_600_000) / STEP_MS) * STEP_MS;
const fleet = loadFleetConfig().fleet;
const sim = new SimulatedFleet(fleet, { seed: 5 });

let pki: EdgePki;
let exporter: SimExporter;
let prom: PrometheusServer;
let direct: PrometheusClient;
const agents: EdgeAgent[] = [];
const children: ChildProcess[] = [];
const closers: (() => Promise<unknown> | undefined)[] = [];

beforeAll(async () => {
  pki = makeEdgePki();
  exporter = await startSimExporter({ sim });
  prom = await startPrometheus({
    backfill: { sim, range: { startMs: BACKFILL_END_MS - 3_600_000, endMs: BACKFILL_END_MS, stepMs: STEP_MS } },
    scrapeTargets: [new URL(exporter.url).host],
    scrapeIntervalSeconds: 1,
  });
  direct = new PrometheusClient({ baseUrl: prom.url, timeoutMs: 5_000 });
}, 90_000);

afterAll(async () => {
  for (const a of agents) await a.close(200);
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const close of closers) await close();
  await prom?.stop();
  await exporter?.close();
  pki?.pki.cleanup();
});

/** What Prometheus itself holds for the unit at `atMs`: the value and the sample's own timestamp. */
async function held(metric: UnitMetric, atMs: number): Promise<{ value: number; sampleMs: number } | undefined> {
  const selector = `${METRIC_NAMES[metric]}{work_unit="${WU}"}`;
  const [v, t] = await Promise.all([direct.instant(selector, atMs), direct.instant(`timestamp(${selector})`, atMs)]);
  if (!v.ok || !t.ok) throw new Error(`direct query failed: ${JSON.stringify(v.ok ? t : v)}`);
  if (v.data.length === 0) return undefined;
  expect(v.data).toHaveLength(1);
  return { value: v.data[0]!.value, sampleMs: Math.round(t.data[0]!.value * 1000) };
}

async function startAgent(
  prometheus: Record<string, unknown>,
  options: { now?: () => number; probePort?: number } = {},
): Promise<EdgeAgent> {
  const config = agentConfigSchema.parse({
    checkIntervalMs: 100,
    probes: options.probePort ? [{ name: 'app', kind: 'listener', host: '127.0.0.1', port: options.probePort }] : [],
  });
  const agent = await startEdgeAgent({
    workUnit: WU,
    listen: '127.0.0.1:0',
    tls: agentTls(pki),
    allowIdentities: [CENTRAL_ID],
    config,
    metrics: buildPrometheusLocalMetrics(
      { ...localPrometheusSchema.parse(prometheus), url: String(prometheus.url) },
      {},
    ),
    log: captureLog().log,
    ...(options.now ? { now: options.now } : {}),
  });
  agents.push(agent);
  return agent;
}

/**
 * One Check over mutual TLS, as the central makes it, with a new connection each time. The deadline
 * is 1 s, not the central's 300 ms, so a busy test machine does not fail the handshake; it is still
 * shorter than the 1.5 s the hanging Prometheus below holds a query, so "Check answers while the
 * query waits" is still what is tested.
 */
async function check(agent: EdgeAgent): Promise<CheckReport> {
  const client = new EdgeAgentClient(centralOptions(pki, { [WU]: { port: agent.port } }, { deadlineMs: 1_000 }));
  try {
    const outcome = await client.check(WU);
    if (outcome.status !== 'answered') throw new Error(`Check not answered: ${JSON.stringify(outcome)}`);
    return outcome.report;
  } finally {
    client.close();
  }
}

async function checkUntil(agent: EdgeAgent, cond: (r: CheckReport) => boolean, timeoutMs = 15_000) {
  let last: CheckReport | undefined;
  try {
    await until(
      async () => {
        last = await check(agent);
        return cond(last);
      },
      timeoutMs,
      100,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; last report: ${JSON.stringify(last?.metrics)}`);
  }
  return last!;
}

async function listeningServer(): Promise<number> {
  const server = net.createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(r)));
  return (server.address() as net.AddressInfo).port;
}

describe('edge agent with --metrics prometheus against a real Prometheus', () => {
  it('Check returns the unit’s metrics exactly as Prometheus holds them, each dated by its sample', async () => {
    const sampleMs = BACKFILL_END_MS - 30 * MINUTE_MS;
    const nowMs = sampleMs + 40_000;
    const agent = await startAgent({ url: prom.url, timeoutMs: 5_000 }, { now: () => nowMs });
    const report = await checkUntil(agent, (r) => r.cycle.observedAtMs > 0);

    expect(report.metrics).toMatchObject({ source: 'prometheus', status: 'ok', missing: [], freshnessMs: 120_000 });
    expect(report.metrics.samples.map((s) => s.metric).sort()).toEqual([...UNIT_METRICS].sort());
    for (const s of report.metrics.samples) {
      const truth = await held(s.metric as UnitMetric, nowMs);
      expect(truth, s.metric).toBeDefined();
      expect(s.value, s.metric).toBe(truth!.value);
      expect(s.age.observedAtMs, s.metric).toBe(truth!.sampleMs);
      expect(s.age.observedAtMs, s.metric).toBe(sampleMs);
      expect(s.age.ageMs, s.metric).toBe(40_000);
      expect(s.stale).toBe(false);
      // and it is the simulated fleet's own value for that instant (what was backfilled)
      expect(s.value).toBeCloseTo(sim.value(WU, s.metric as UnitMetric, sampleMs), 9);
    }
    expect(['HEALTH_HEALTHY', 'HEALTH_UNHEALTHY']).toContain(report.health);
  });

  it('asks for this unit only: one instant query per metric returns this unit’s value and timestamp', async () => {
    const atMs = BACKFILL_END_MS - 10 * MINUTE_MS;
    const reader = buildPrometheusLocalMetrics({ ...localPrometheusSchema.parse({}), url: prom.url }, {});
    const all = await direct.instant(METRIC_NAMES.load, atMs);
    expect(all.ok && all.data.length).toBe(fleet.workUnits.length); // Prometheus holds every unit…
    const res = await reader.client.instant(reader.query('load', WU), atMs);
    expect(res.ok).toBe(true);
    const data = res.ok ? res.data : [];
    expect(data.map((d) => d.labels.work_unit)).toEqual([WU, WU]); // …the agent's query returns only its own
    expect(data.map((d) => d.labels.headroom_part).sort()).toEqual(['ts', 'value']);
    const before = reader.client.roundTrips;
    const readings = await reader.read(WU, atMs);
    expect(reader.client.roundTrips - before).toBe(UNIT_METRICS.length);
    expect(readings.every((r) => r.ok)).toBe(true);
  });

  it('reports samples older than the freshness limit as stale, and does not judge them', async () => {
    const nowMs = BACKFILL_END_MS + 4 * MINUTE_MS; // the last sample is 4 min old, inside Prometheus's 5-min lookback
    const agent = await startAgent({ url: prom.url, timeoutMs: 5_000, freshnessMs: 60_000 }, { now: () => nowMs });
    const report = await checkUntil(agent, (r) => r.cycle.observedAtMs > 0);

    expect(report.metrics.status).toBe('stale');
    expect(report.metrics.samples).toHaveLength(UNIT_METRICS.length);
    for (const s of report.metrics.samples) {
      expect(s.stale, s.metric).toBe(true);
      expect(s.age.observedAtMs).toBe(BACKFILL_END_MS);
      expect(s.age.ageMs).toBe(4 * MINUTE_MS);
      expect(s.value).toBe((await held(s.metric as UnitMetric, nowMs))!.value);
    }
    expect(report.metrics.note).toMatch(/stale \(older than 60 s\): .*oldest 240 s/);
    expect(report.health).toBe('HEALTH_UNKNOWN');
    expect(report.reasons.join('; ')).toMatch(/local metrics stale/);
    expect(report.anomalies).toEqual([]);
  });

  it('headroom edge-agent --metrics prometheus --prometheus-url: edge check shows what the live Prometheus scraped', async () => {
    // wait for the live scrape of the exporter to reach Prometheus
    await until(async () => (await held('load', Date.now())) !== undefined, 20_000, 200);
    const port = await freePort();
    const runner = fileURLToPath(new URL('./run-agent.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        runner,
        '--work-unit',
        WU,
        '--listen',
        `127.0.0.1:${port}`,
        '--cert',
        pki.agent.cert,
        '--key',
        pki.agent.key,
        '--ca',
        pki.fleetCa.cert,
        '--allow-identity',
        CENTRAL_ID,
        '--metrics',
        'prometheus',
        '--prometheus-url',
        prom.url,
        '--json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    let started = '';
    let logs = '';
    child.stdout!.on('data', (c) => {
      started += c;
    });
    child.stderr!.on('data', (c) => {
      logs += c;
    });
    await until(() => started.includes('\n') || child.exitCode !== null, 20_000, 25);
    expect(child.exitCode, logs).toBeNull();
    expect(JSON.parse(started)).toMatchObject({
      workUnit: WU,
      listening: `127.0.0.1:${port}`,
      metrics: 'prometheus',
      prometheus: `${prom.url}/`,
    });

    const args = [
      WU,
      '--target',
      `127.0.0.1:${port}`,
      '--cert',
      pki.central.cert,
      '--key',
      pki.central.key,
      '--ca',
      pki.fleetCa.cert,
      '--identity',
      AGENT_ID,
      '--deadline',
      '2000',
      '--json',
    ];
    let answer: { report?: CheckReport } = {};
    await until(
      async () => {
        answer = JSON.parse((await runCli(args)).out);
        return answer.report?.metrics.status === 'ok';
      },
      20_000,
      100,
    );
    const report = answer.report!;
    expect(report.metrics.source).toBe('prometheus');
    expect(report.metrics.samples.map((s) => s.metric).sort()).toEqual([...UNIT_METRICS].sort());
    for (const s of report.metrics.samples) {
      // Prometheus, asked directly at the sample's own instant, holds exactly that sample
      const truth = await held(s.metric as UnitMetric, s.age.observedAtMs);
      expect(truth, s.metric).toEqual({ value: s.value, sampleMs: s.age.observedAtMs });
      expect(s.stale).toBe(false);
      expect(s.age.ageMs).toBeGreaterThanOrEqual(0);
    }
    // The text form names the source and each metric's age, and says nothing is stale or missing.
    const text = (await runCli(args.filter((a) => a !== '--json'))).out;
    for (const metric of UNIT_METRICS)
      expect(text).toMatch(new RegExp(`metric ${metric} = \\S+ \\(prometheus\\) \\[[\\d.]+ s old\\]`));
    expect(text).not.toMatch(/STALE|missing/);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  it('Prometheus stopped: the snapshot turns "unknown" with the reason, no old values, and Check still answers', async () => {
    const own = await startPrometheus({ scrapeTargets: [new URL(exporter.url).host], scrapeIntervalSeconds: 1 });
    let stopped = false;
    closers.push(() => (stopped ? undefined : own.stop()));
    const agent = await startAgent({ url: own.url, timeoutMs: 1_000 }, { probePort: await listeningServer() });
    const before = await checkUntil(agent, (r) => r.metrics.status === 'ok', 20_000);
    expect(before.metrics.samples).toHaveLength(UNIT_METRICS.length);

    await own.stop();
    stopped = true;
    const port = new URL(own.url).port;
    const after = await checkUntil(agent, (r) => r.metrics.status === 'unknown');
    expect(after.metrics.source).toBe('prometheus');
    expect(after.metrics.samples).toEqual([]);
    expect(after.metrics.note).toMatch(
      new RegExp(`^the prometheus source failed: Prometheus http://127\\.0\\.0\\.1:${port} network: .*ECONNREFUSED`),
    );
    expect(after.metrics.missing.map((m) => m.metric).sort()).toEqual([...UNIT_METRICS].sort());
    expect(after.health).toBe('HEALTH_UNKNOWN');
    expect(after.reasons.join('; ')).toMatch(/no local metrics: the prometheus source failed/);
    // the rest of the report is current
    expect(after.probes).toMatchObject([{ name: 'app', ok: true }]);
    expect(after.cycle.observedAtMs).toBeGreaterThan(before.cycle.observedAtMs);
  }, 60_000);

  it('Prometheus hanging: Check answers while the query waits, then "unknown" with the timeout', async () => {
    const held: http.ServerResponse[] = [];
    const hanging = http.createServer((_req, res) => {
      held.push(res); // accepted, never answered
    });
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    closers.push(
      () =>
        new Promise((r) => {
          hanging.closeAllConnections();
          hanging.close(r);
        }),
    );
    const url = `http://127.0.0.1:${(hanging.address() as net.AddressInfo).port}`;
    const agent = await startAgent({ url, timeoutMs: 1_500 }, { probePort: await listeningServer() });

    // the first cycle's queries are waiting on Prometheus: Check answers anyway, and says it cannot tell yet
    await until(() => held.length >= UNIT_METRICS.length, 5_000);
    const early = await check(agent);
    expect(early.health).toBe('HEALTH_UNKNOWN');
    expect(early.metrics.samples).toEqual([]);

    const later = await checkUntil(agent, (r) => r.metrics.status === 'unknown' && r.cycle.observedAtMs > 0);
    expect(later.metrics.note).toMatch(/the prometheus source failed: .* timeout: no complete answer within 1500 ms/);
    expect(later.metrics.samples).toEqual([]);
    expect(later.probes).toMatchObject([{ name: 'app', ok: true }]);
  }, 30_000);
});

async function runCli(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (c) => {
    out += c;
  });
  const code = await edgeCheckCommand.run({ argv, stdout, stderr, env: {}, cwd: process.cwd() });
  return { code, out };
}
