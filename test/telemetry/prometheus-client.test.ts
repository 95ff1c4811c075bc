// The Prometheus client's transport options against a local fake API (HTTP and mutual-TLS HTTPS):
// bearer and basic auth from env or file, client certificates, timeouts, malformed answers; plus
// query templates and range chunking.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadroomError } from '../../analytics/errors.js';
import { prometheusSchema } from '../../tools/config/fleet-schema.js';
import { buildPrometheusMetricsSource } from '../../tools/prometheus/build.js';
import { latestByUnit } from '../../tools/prometheus/metrics-source.js';
import { DEFAULT_QUERIES, PART_LABEL, resolveQueries } from '../../tools/prometheus/queries.js';
import { planChunks } from '../../tools/prometheus/range-plan.js';
import { fleet } from './helpers/contract-fixture.js';
import { makeTestCerts, type TestCerts } from './helpers/test-certs.js';

const AT = Date.parse('2026-03-03T21:00:00Z');
const vector = (unit: string, value: number) => [
  { metric: { work_unit: unit, headroom_part: 'value' }, value: [AT / 1000, String(value)] },
  { metric: { work_unit: unit, headroom_part: 'ts' }, value: [AT / 1000, String(AT / 1000 - 30)] },
];

interface Seen {
  authorization?: string;
  query?: string;
}

function handler(seen: Seen, behaviour: { delayMs: number; body?: string }) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    seen.authorization = req.headers.authorization;
    seen.query = new URL(req.url ?? '/', 'http://x').searchParams.get('query') ?? undefined;
    const body =
      behaviour.body ??
      JSON.stringify({ status: 'success', data: { resultType: 'vector', result: vector('eu-west-1', 0.42) } });
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    }, behaviour.delayMs);
  };
}

describe('Prometheus client transport', () => {
  const seen: Seen = {};
  const behaviour: { delayMs: number; body?: string } = { delayMs: 0 };
  let plain: http.Server;
  let secure: https.Server;
  let certs: TestCerts;
  let plainUrl: string;
  let secureUrl: string;

  beforeAll(async () => {
    certs = makeTestCerts();
    plain = http.createServer(handler(seen, behaviour)).listen(0, '127.0.0.1');
    secure = https
      .createServer(
        {
          cert: readFileSync(certs.serverCert),
          key: readFileSync(certs.serverKey),
          ca: readFileSync(certs.ca),
          requestCert: true,
          rejectUnauthorized: true,
        },
        handler(seen, behaviour),
      )
      .listen(0, '127.0.0.1');
    await Promise.all([plain, secure].map((s) => new Promise((r) => s.once('listening', r))));
    plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    secureUrl = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    plain.close();
    secure.close();
    rmSync(certs.dir, { recursive: true, force: true });
  });

  const build = (config: Record<string, unknown>, env: Record<string, string> = {}) => {
    const failures: string[] = [];
    const source = buildPrometheusMetricsSource(prometheusSchema.parse(config), fleet, env, {
      onQueryFailure: (e) => failures.push(e.message),
    });
    return { source, failures };
  };

  it('sends a bearer token read from the named environment variable', async () => {
    behaviour.body = undefined;
    const { source } = build({ url: plainUrl, auth: { bearer: { env: 'PROM_TOKEN' } } }, { PROM_TOKEN: 'tok-123' });
    const got = await source.latest('cpu', AT);
    expect(seen.authorization).toBe('Bearer tok-123');
    expect(got.get('eu-west-1')).toEqual({ value: 0.42, sampleMs: AT - 30_000 });
  });

  it('sends basic auth with the password read from a file', async () => {
    const file = path.join(certs.dir, 'password');
    writeFileSync(file, 's3cret\n');
    const { source } = build({ url: plainUrl, auth: { basic: { username: 'headroom', password: { file } } } });
    await source.latest('cpu', AT);
    expect(seen.authorization).toBe(`Basic ${Buffer.from('headroom:s3cret').toString('base64')}`);
  });

  it('wraps the configured query so the sample time comes back with the value', async () => {
    const { source } = build({ url: plainUrl });
    await source.latest('cpu', AT);
    expect(seen.query).toContain('timestamp(headroom_cpu_utilisation)');
  });

  it('presents a client certificate for mutual TLS, and fails without one', async () => {
    const withCert = build({ url: secureUrl, tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } });
    expect((await withCert.source.latest('cpu', AT)).get('eu-west-1')?.value).toBe(0.42);
    const withoutCert = build({ url: secureUrl, tls: { ca: certs.ca } });
    expect((await withoutCert.source.latest('cpu', AT)).size).toBe(0);
    expect(withoutCert.failures[0]).toMatch(/instant query/);
  });

  it('gives up after the timeout and says so', async () => {
    behaviour.delayMs = 3_000;
    try {
      const { source, failures } = build({ url: plainUrl, timeoutMs: 200 });
      const started = Date.now();
      expect((await source.latest('cpu', AT)).size).toBe(0);
      expect(Date.now() - started).toBeLessThan(2_000); // cut at 200 ms, well before the 3 s answer
      expect(failures[0]).toMatch(/no complete answer within 200 ms/);
      const end = AT;
      await expect(source.unitRange('cpu', { startMs: end - 60_000, endMs: end, stepMs: 60_000 })).rejects.toThrow(
        /range query.*no complete answer/,
      );
    } finally {
      behaviour.delayMs = 0;
    }
  });

  it('treats an answer that is not the Prometheus API as a failure, not as data', async () => {
    behaviour.body = '{"hello": "world"}';
    try {
      const { source, failures } = build({ url: plainUrl });
      expect((await source.latest('cpu', AT)).size).toBe(0);
      expect(failures[0]).toMatch(/not a Prometheus API envelope/);
    } finally {
      behaviour.body = undefined;
    }
  });

  it('refuses secrets that cannot be found, naming where it looked', () => {
    expect(() => build({ url: plainUrl, auth: { bearer: { env: 'MISSING_TOKEN' } } })).toThrow(
      /MISSING_TOKEN is not set/,
    );
    expect(() => build({ url: plainUrl, tls: { ca: '/nonexistent/ca.pem' } })).toThrow(/prometheus.tls.ca/);
    expect(prometheusSchema.safeParse({ url: 'http://x', auth: { bearer: { token: 'inline' } } }).success).toBe(false);
  });
});

describe('PromQL templates', () => {
  it('defaults to the exporter metric names and fills the label placeholders', () => {
    const q = resolveQueries(
      { load: 'sum by ({{unit}}) (rate(http_requests_total{job="api"}[5m]))' },
      { unit: 'wu', region: 'cr' },
    );
    expect(q.load).toBe('sum by (wu) (rate(http_requests_total{job="api"}[5m]))');
    expect(q.cpu).toBe(DEFAULT_QUERIES.cpu);
    expect(q.regionLoad).toBe('headroom_client_region_load_rps');
  });

  it('rejects unknown metric keys and placeholders', () => {
    expect(() => resolveQueries({ lod: 'x' }, { unit: 'wu', region: 'cr' })).toThrow(HeadroomError);
    expect(() => resolveQueries({ load: 'x{{{zone}}}' }, { unit: 'wu', region: 'cr' })).toThrow(/unknown placeholder/);
  });
});

describe('range chunking', () => {
  it('keeps every chunk under the 11,000-point limit and covers the grid exactly once', () => {
    const range = { startMs: 0, endMs: 90 * 86_400_000, stepMs: 300_000 };
    const chunks = planChunks(range);
    expect(chunks.length).toBe(3);
    let expected = 0;
    for (const c of chunks) {
      expect(c.offset).toBe(expected);
      expect(c.startMs).toBe(range.startMs + c.offset * range.stepMs);
      const points = (c.endMs - c.startMs) / range.stepMs + 1;
      expect(points).toBeLessThanOrEqual(10_000);
      expected += points;
    }
    expect(expected).toBe(25_921);
  });

  it('refuses sub-second or fractional steps, which Prometheus cannot place on the grid', () => {
    expect(() => planChunks({ startMs: 0, endMs: 10_000, stepMs: 500 })).toThrow(HeadroomError);
    expect(() => planChunks({ startMs: 0, endMs: 10_000, stepMs: 1_500 })).toThrow(/whole seconds/);
  });
});

describe('latestByUnit', () => {
  const sample = (unit: string, part: 'value' | 'ts', value: number) => ({
    labels: { work_unit: unit, [PART_LABEL]: part },
    atMs: 0,
    value,
  });
  const units = new Set(['a', 'b', 'c', 'd', 'e']);

  it('leaves out NaN and ±Inf values (an error ratio of 0/0 is no evidence of health), keeps finite ones', () => {
    const t = 1_772_571_600;
    const got = latestByUnit(
      [
        sample('a', 'value', 0.02),
        sample('a', 'ts', t),
        sample('b', 'value', Number.NaN),
        sample('b', 'ts', t),
        sample('c', 'value', Number.POSITIVE_INFINITY),
        sample('c', 'ts', t),
        sample('d', 'value', 0.5), // no timestamp series: not guessed
        sample('e', 'value', 1),
        sample('e', 'value', 2), // two series for one unit: ambiguous
        sample('e', 'ts', t),
      ],
      'work_unit',
      units,
    );
    expect([...got.keys()]).toEqual(['a']);
    expect(got.get('a')).toEqual({ value: 0.02, sampleMs: t * 1000 });
  });
});
