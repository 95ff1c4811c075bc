// The edge agent's local metrics options: flag and config validation of `headroom edge-agent
// --metrics prometheus`, auth from named secrets (a small fake of the Prometheus API records what it
// is sent), and how the snapshot reports partial, missing and ambiguous readings.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNIT_METRICS } from '../../analytics/types.js';
import { LocalChecker } from '../../edge-agent/checker.js';
import { edgeAgentCommand } from '../../edge-agent/cli/command.js';
import { agentConfigSchema, localPrometheusSchema } from '../../edge-agent/config.js';
import { buildPrometheusLocalMetrics, type LocalMetrics } from '../../edge-agent/local-metrics.js';
import { CENTRAL_ID, captureLog, type EdgePki, makeEdgePki, WU } from './fixtures.js';

let pki: EdgePki;
let dir: string;
let fake: http.Server;
let fakeUrl: string;
const seen: { authorization?: string; query: string }[] = [];
/** What the fake answers: the series of the instant vector (two per unit: value and timestamp). */
let answer: (query: string) => { metric: Record<string, string>; value: [number, string] }[] = () => [];

beforeAll(async () => {
  pki = makeEdgePki();
  dir = mkdtempSync(path.join(tmpdir(), 'headroom-edge-metrics-'));
  fake = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = url.searchParams.get('query') ?? '';
    seen.push({ query, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: answer(query) } }));
  });
  await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => fake?.close(r));
  rmSync(dir, { recursive: true, force: true });
  pki?.pki.cleanup();
});

const T = Date.UTC(2026, 10, 2, 12, 0, 0);

/** One unit's latest sample as `latestQuery` returns it: the value series and the timestamp series. */
function pair(unit: string, value: number, sampleMs: number) {
  return [
    { metric: { work_unit: unit, headroom_part: 'value' }, value: [T / 1000, String(value)] as [number, string] },
    {
      metric: { work_unit: unit, headroom_part: 'ts' },
      value: [T / 1000, String(sampleMs / 1000)] as [number, string],
    },
  ];
}

async function runAgentCli(extra: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (c) => {
    err += c;
  });
  const argv = [
    '--work-unit',
    WU,
    '--listen',
    '127.0.0.1:0',
    '--cert',
    pki.agent.cert,
    '--key',
    pki.agent.key,
    '--ca',
    pki.fleetCa.cert,
    '--allow-identity',
    CENTRAL_ID,
    ...extra,
  ];
  const code = await edgeAgentCommand.run({ argv, stdout, stderr, env, cwd: process.cwd() });
  return { code, err };
}

function configFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('headroom edge-agent --metrics prometheus: validation', () => {
  it('without --metrics, a URL or a metrics block, it does not start on made-up numbers: a usage error', async () => {
    const r = await runAgentCli([]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /say where local metrics come from: --metrics prometheus --prometheus-url URL .*--metrics none, or --metrics simulated \(demos and tests only: made-up numbers\)/,
    );
  });

  it('--metrics prometheus without a URL is a usage error naming both ways to give one', async () => {
    const r = await runAgentCli(['--metrics', 'prometheus']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /--metrics prometheus needs .*--prometheus-url URL \(or metrics\.prometheus\.url in the --config file\)/,
    );
  });

  it('a metrics.prometheus block without a URL anywhere is the same error, not a silent fall-back to the simulator', async () => {
    const r = await runAgentCli([
      '--config',
      configFile('no-url.yaml', 'metrics:\n  prometheus:\n    timeoutMs: 500\n'),
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--metrics prometheus needs/);
  });

  it('a non-http(s) or unparsable --prometheus-url is refused', async () => {
    const ftp = await runAgentCli(['--metrics', 'prometheus', '--prometheus-url', 'ftp://127.0.0.1:9090']);
    expect(ftp.code).toBe(1);
    expect(ftp.err).toMatch(/--prometheus-url must be an http\(s\) URL such as http:\/\/127\.0\.0\.1:9090, not "ftp:"/);
    const junk = await runAgentCli(['--prometheus-url', '127.0.0.1:9090']);
    expect(junk.code).toBe(1);
    expect(junk.err).toMatch(/--prometheus-url must be an http\(s\) URL/);
  });

  it('credentials in the URL are refused without echoing them', async () => {
    const r = await runAgentCli(['--prometheus-url', 'http://agent:hunter2@127.0.0.1:9090']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/must not carry credentials; name them in the --config file \(metrics\.prometheus\.auth/);
    expect(r.err).not.toContain('hunter2');
  });

  it('--prometheus-url with another --metrics kind, or an unknown kind, is a usage error', async () => {
    const mixed = await runAgentCli(['--metrics', 'simulated', '--prometheus-url', 'http://127.0.0.1:9090']);
    expect(mixed.code).toBe(1);
    expect(mixed.err).toMatch(/--prometheus-url goes with --metrics prometheus, not --metrics simulated/);
    const bogus = await runAgentCli(['--metrics', 'graphite']);
    expect(bogus.code).toBe(1);
    expect(bogus.err).toMatch(/--metrics must be "prometheus", "simulated" or "none", not "graphite"/);
  });

  it('the config file’s metrics.prometheus block: a bad URL or an unset secret variable stops the start', async () => {
    const badUrl = await runAgentCli([
      '--config',
      configFile('bad-url.yaml', 'metrics:\n  prometheus:\n    url: ftp://127.0.0.1:9090\n'),
    ]);
    expect(badUrl.code).toBe(1);
    expect(badUrl.err).toMatch(/metrics\.prometheus\.url/);
    const noToken = await runAgentCli([
      '--config',
      configFile(
        'token.yaml',
        `metrics:\n  prometheus:\n    url: ${fakeUrl}\n    auth:\n      bearer: { env: EDGE_PROM_TOKEN }\n`,
      ),
    ]);
    expect(noToken.code).toBe(1);
    expect(noToken.err).toMatch(/prometheus\.auth\.bearer: environment variable EDGE_PROM_TOKEN is not set/);
    const literal = await runAgentCli([
      '--config',
      configFile('literal.yaml', `metrics:\n  prometheus:\n    url: ${fakeUrl}\n    auth:\n      bearer: s3cret\n`),
    ]);
    expect(literal.code).toBe(1); // a secret written in the file is not accepted
  });

  it('documents the option in --help', () => {
    expect(edgeAgentCommand.help).toMatch(/--metrics KIND +local metrics: "prometheus"/);
    expect(edgeAgentCommand.help).toMatch(/--prometheus-url URL/);
  });
});

describe('the Prometheus reader of the edge agent', () => {
  it('sends the bearer token from the named variable and one query per metric restricted to the unit', async () => {
    seen.length = 0;
    answer = () => pair(WU, 0.25, T - 15_000);
    const reader = buildPrometheusLocalMetrics(
      {
        ...localPrometheusSchema.parse({ auth: { bearer: { env: 'EDGE_PROM_TOKEN' } } }),
        url: fakeUrl,
      },
      { EDGE_PROM_TOKEN: 'tok-123' },
    );
    const readings = await reader.read(WU, T);
    expect(readings).toHaveLength(UNIT_METRICS.length);
    expect(readings.every((r) => r.ok && r.value === 0.25 && r.sampleMs === T - 15_000)).toBe(true);
    expect(seen).toHaveLength(UNIT_METRICS.length);
    for (const s of seen) {
      expect(s.authorization).toBe('Bearer tok-123');
      expect(s.query).toContain(`and on(work_unit) label_replace(vector(1), "work_unit", "${WU}", "", "")`);
    }
    expect(seen.map((s) => /timestamp\((headroom_\w+)\)/.exec(s.query)?.[1]).sort()).toEqual([
      'headroom_connections',
      'headroom_cpu_utilisation',
      'headroom_error_ratio',
      'headroom_latency_p95_ms',
      'headroom_load_rps',
      'headroom_memory_utilisation',
      'headroom_network_mbps',
    ]);
  });

  it('basic auth with the password from a file, custom unit label and query templates', async () => {
    seen.length = 0;
    answer = () => [
      { metric: { unit: WU, headroom_part: 'value' }, value: [T / 1000, '7'] },
      { metric: { unit: WU, headroom_part: 'ts' }, value: [T / 1000, String((T - 5_000) / 1000)] },
    ];
    const passwordFile = configFile('prom-password', 'pa55\n');
    const reader = buildPrometheusLocalMetrics(
      {
        ...localPrometheusSchema.parse({
          workUnitLabel: 'unit',
          queries: { load: 'sum by ({{unit}}) (rate(http_requests_total[5m]))' },
          auth: { basic: { username: 'edge', password: { file: passwordFile } } },
        }),
        url: fakeUrl,
      },
      {},
    );
    const readings = await reader.read(WU, T);
    expect(readings.find((r) => r.metric === 'load')).toMatchObject({ ok: true, value: 7, sampleMs: T - 5_000 });
    expect(seen[0]!.authorization).toBe(`Basic ${Buffer.from('edge:pa55').toString('base64')}`);
    expect(seen.some((s) => s.query.includes('sum by (unit) (rate(http_requests_total[5m]))'))).toBe(true);
  });

  it('no sample and several series per unit are readings without a value, each with its reason', async () => {
    answer = (q) =>
      q.includes('headroom_load_rps')
        ? [...pair(WU, 1, T), ...pair(WU, 2, T)] // a template that does not aggregate by unit
        : q.includes('headroom_cpu_utilisation')
          ? []
          : pair(WU, 0.5, T - 1_000);
    const reader = buildPrometheusLocalMetrics({ ...localPrometheusSchema.parse({}), url: fakeUrl }, {});
    const byMetric = new Map((await reader.read(WU, T)).map((r) => [r.metric, r]));
    expect(byMetric.get('load')).toMatchObject({ ok: false, failed: false, reason: /several series for eu-west-1/ });
    expect(byMetric.get('cpu')).toMatchObject({ ok: false, failed: false, reason: /no sample for eu-west-1/ });
    expect(byMetric.get('memory')).toMatchObject({ ok: true, value: 0.5 });
  });
});

describe('the local metrics snapshot', () => {
  function checker(metrics: LocalMetrics, now = T) {
    return new LocalChecker({
      workUnit: WU,
      config: agentConfigSchema.parse({}),
      metrics,
      log: captureLog().log,
      now: () => now,
    });
  }

  it('partial: fresh values are used, stale ones flagged, missing ones listed with their reason', async () => {
    const c = checker({
      kind: 'prometheus',
      freshnessMs: 60_000,
      read: async () =>
        UNIT_METRICS.map((metric) =>
          metric === 'connections'
            ? { metric, ok: false as const, failed: false, reason: 'no sample for eu-west-1' }
            : metric === 'network'
              ? { metric, ok: true as const, value: 10, sampleMs: T - 90_000 }
              : { metric, ok: true as const, value: metric === 'latencyP95' ? 2_000 : 0.1, sampleMs: T - 10_000 },
        ),
    });
    await c.runCycle();
    const m = c.report().metrics;
    expect(m.status).toBe('partial');
    expect(m.freshnessMs).toBe(60_000);
    expect(m.missing).toEqual([{ metric: 'connections', reason: 'no sample for eu-west-1' }]);
    expect(m.samples.find((s) => s.metric === 'network')).toMatchObject({ stale: true, age: { ageMs: 90_000 } });
    expect(m.samples.filter((s) => !s.stale)).toHaveLength(5);
    expect(m.note).toBe('stale (older than 60 s): network; oldest 90 s; missing: connections');
    // a fresh latency over the threshold is a local anomaly: partial data still judges what it has
    expect(c.report().health).toBe('HEALTH_UNHEALTHY');
  });

  it('a local alert whose metric goes stale is logged as unknown, not resolved; a fresh value under the threshold resolves it', async () => {
    let latency = { value: 2_000, sampleMs: T - 1_000 };
    let now = T;
    const { log, lines } = captureLog();
    const c = new LocalChecker({
      workUnit: WU,
      config: agentConfigSchema.parse({}),
      metrics: {
        kind: 'prometheus',
        freshnessMs: 60_000,
        read: async () =>
          UNIT_METRICS.map((metric) =>
            metric === 'latencyP95'
              ? { metric, ok: true as const, ...latency }
              : { metric, ok: true as const, value: metric === 'errorRate' ? 0.001 : 0.1, sampleMs: now - 1_000 },
          ),
      },
      log,
      now: () => now,
    });
    const latencyLines = () => lines.filter((l) => l.localAlert === 'metric:latencyP95');
    await c.runCycle();
    expect(c.report().health).toBe('HEALTH_UNHEALTHY');
    expect(latencyLines()).toHaveLength(1);

    now = T + 120_000; // the latency sample is now 121 s old, over the 60 s freshness limit
    await c.runCycle();
    expect(latencyLines()).toHaveLength(2);
    expect(latencyLines()[1]).toMatchObject({ unknown: true, level: 40 });
    expect(latencyLines()[1]!.resolved).toBeUndefined();
    expect(latencyLines()[1]!.msg).toMatch(/^unknown, no fresh data to judge: p95 2000 ms/);
    expect(c.report().health).toBe('HEALTH_UNKNOWN');
    expect(c.report().reasons.join('; ')).toMatch(/no fresh data to judge: p95 2000 ms ≥/);

    now += 60_000; // still stale: still unknown, and logged once only
    await c.runCycle();
    expect(c.report().health).toBe('HEALTH_UNKNOWN');
    expect(latencyLines()).toHaveLength(2);

    now += 60_000;
    latency = { value: 150, sampleMs: now - 1_000 }; // fresh and fine: only now is it resolved
    await c.runCycle();
    expect(c.report().health).toBe('HEALTH_HEALTHY');
    expect(latencyLines()).toHaveLength(3);
    expect(latencyLines()[2]).toMatchObject({ resolved: true, msg: expect.stringMatching(/^resolved: p95 2000 ms/) });
  });

  it('partial without a judged metric (error rate) is unknown; partial missing only an unjudged one is healthy', async () => {
    const reading = (missing: string) => async () =>
      UNIT_METRICS.map((metric) =>
        metric === missing
          ? { metric, ok: false as const, failed: false, reason: `no sample for ${WU}` }
          : { metric, ok: true as const, value: metric === 'latencyP95' ? 120 : 0.01, sampleMs: T - 5_000 },
      );
    const blind = checker({ kind: 'prometheus', freshnessMs: 60_000, read: reading('errorRate') });
    await blind.runCycle();
    expect(blind.report().metrics.status).toBe('partial');
    expect(blind.report().health).toBe('HEALTH_UNKNOWN');
    expect(blind.report().reasons).toContain('no fresh errorRate: cannot judge it');

    const fine = checker({ kind: 'prometheus', freshnessMs: 60_000, read: reading('network') });
    await fine.runCycle();
    expect(fine.report().metrics.status).toBe('partial');
    expect(fine.report().health).toBe('HEALTH_HEALTHY');
  });

  it('a source that failed for every metric is "unknown" with the distinct reasons, never values', async () => {
    const c = checker({
      kind: 'prometheus',
      freshnessMs: 60_000,
      read: async () =>
        UNIT_METRICS.map((metric) => ({
          metric,
          ok: false as const,
          failed: true,
          reason: 'Prometheus x timeout: slow',
        })),
    });
    await c.runCycle();
    const r = c.report();
    expect(r.metrics).toMatchObject({
      status: 'unknown',
      samples: [],
      note: 'the prometheus source failed: Prometheus x timeout: slow',
    });
    expect(r.health).toBe('HEALTH_UNKNOWN');
  });
});
