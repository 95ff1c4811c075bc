// Tempo adapter against a fake Tempo that validates every TraceQL query with Grafana's grammar.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendConnection } from '../../tools/sources/http/request-json.js';
import { TempoTraceSource } from '../../tools/sources/tempo/tempo-trace-source.js';
import { traceqlFor } from '../../tools/sources/tempo/traceql.js';
import { parseTraceQL, startFakeTempo } from '../fakes/evidence/fake-tempo.js';
import { closedPortUrl, type HttpFake, startHttpFake } from '../fakes/evidence/http-fake.js';
import { AT_MS, WINDOW } from './helpers/evidence-fixture.js';
import { simulatedTraces } from './helpers/sim-lines.js';
import { traceSourceContract } from './helpers/trace-contract.js';

const NAMES = { workUnit: 'work_unit' };
const conn = (url: string, extra: Partial<BackendConnection> = {}): BackendConnection => ({
  baseUrl: url,
  timeoutMs: 2_000,
  maxResponseBytes: 4 * 1024 * 1024,
  headers: { 'x-scope-orgid': 'team-sre' },
  ...extra,
});
const REQUIRED = { requireHeaders: { 'x-scope-orgid': 'team-sre' } };

traceSourceContract('Tempo (fake speaking /api/search TraceQL and /api/v2/traces)', async () => {
  const fake = await startFakeTempo(await simulatedTraces(), REQUIRED);
  return { source: new TempoTraceSource(conn(fake.url), NAMES), busyUnit: 'us-east-1', teardown: () => fake.close() };
});

describe('Tempo adapter', () => {
  let fake: HttpFake;
  let source: TempoTraceSource;
  const query = { workUnit: 'us-east-1', range: WINDOW, limit: 5 };
  beforeAll(async () => {
    fake = await startFakeTempo(await simulatedTraces(), REQUIRED);
    source = new TempoTraceSource(conn(fake.url), NAMES);
  });
  afterAll(() => fake.close());

  it('sends TraceQL Grafana’s grammar accepts: one spanset per condition, seconds bounds, limit + 1', async () => {
    await source.search({
      ...query,
      service: 'db-proxy',
      minDurationMs: 1500,
      attributes: { 'http.status_code': '503', 'error.type': 'say "hi"' },
    });
    const sent = fake.requests.filter((r) => r.path === '/api/search').at(-2)!;
    const q = sent.query.get('q')!;
    expect(q).toBe(
      '{ resource.work_unit = "us-east-1" } && { resource.service.name = "db-proxy" } && { traceDuration >= 1500ms } && { span.http.status_code = "503" && span.error.type = "say \\"hi\\"" }',
    );
    expect(typeof parseTraceQL(q)).not.toBe('string');
    expect(sent.query.get('start')).toBe(String(Math.floor(WINDOW.startMs / 1000)));
    expect(sent.query.get('limit')).toBe('6');
    // The second search tells which traces failed.
    expect(fake.requests.at(-1)!.query.get('q')).toContain('{ status = error }');
  });

  it('refuses an attribute name TraceQL cannot write, before sending', async () => {
    expect(traceqlFor({ ...query, attributes: { 'bad name': 'x' } }, NAMES)).toEqual({
      problem: 'attribute name "bad name" cannot be written in TraceQL',
    });
    const before = fake.requests.length;
    expect(await source.search({ ...query, attributes: { 'bad name': 'x' } })).toMatchObject({ status: 'unknown' });
    expect(fake.requests.length).toBe(before);
  });

  it('says unknown with Tempo’s reason for a query it refuses', async () => {
    const bad = new TempoTraceSource(conn(fake.url), { workUnit: 'work unit' });
    expect(await bad.search(query)).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('HTTP 400: invalid TraceQL query: parse error'),
    });
  });

  it('reads the search response of the Tempo API documentation', async () => {
    const doc = JSON.parse(readFileSync(new URL('../fixtures/evidence/tempo-search.json', import.meta.url), 'utf8'));
    const docs = await startHttpFake(() => ({ status: 200, body: doc }));
    try {
      const at = 1684778327699;
      const got = await new TempoTraceSource(conn(docs.url), NAMES).search({
        ...query,
        range: { startMs: at - 60_000, endMs: at + 60_000, stepMs: 60_000 },
      });
      expect(got).toEqual({
        status: 'ok',
        value: [
          {
            traceId: '2f3e0cee77ae5dc9c17ade3689eb2e54',
            workUnit: 'us-east-1',
            rootService: 'shop-backend',
            rootName: 'update-billing',
            startMs: 1684778327699.392,
            durationMs: 557,
            error: true,
          },
        ],
      });
    } finally {
      await docs.close();
    }
  });

  it('reads base64 ids and named status codes in OTLP traces', async () => {
    const id = '0af7651916cd43dd8448eb211c80319c';
    const otlp = {
      trace: {
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: Buffer.from(id, 'hex').toString('base64'),
                    spanId: Buffer.from('b7ad6b7169203331', 'hex').toString('base64'),
                    name: 'GET /x',
                    startTimeUnixNano: '1000000000',
                    endTimeUnixNano: '1250000000',
                    attributes: [{ key: 'http.status_code', value: { intValue: '503' } }],
                    status: { code: 'STATUS_CODE_ERROR' },
                  },
                ],
              },
            ],
          },
        ],
      },
    };
    const docs = await startHttpFake(() => ({ status: 200, body: otlp }));
    try {
      expect(await new TempoTraceSource(conn(docs.url), NAMES).get(id)).toEqual({
        status: 'ok',
        value: {
          traceId: id,
          spans: [
            {
              spanId: 'b7ad6b7169203331',
              service: 'api',
              name: 'GET /x',
              startMs: 1000,
              durationMs: 250,
              error: true,
              attributes: { 'http.status_code': '503' },
            },
          ],
        },
      });
    } finally {
      await docs.close();
    }
  });

  it('says unknown when Tempo is down, slow or sends too much', async () => {
    expect(await new TempoTraceSource(conn(await closedPortUrl()), NAMES).search(query)).toMatchObject({
      status: 'unknown',
      reason: expect.stringMatching(/^network:/),
    });
    fake.misbehave({ kind: 'slow', ms: 3_000 });
    expect(
      await new TempoTraceSource(conn(fake.url, { timeoutMs: 250 }), NAMES).get('0af7651916cd43dd8448eb211c80319c'),
    ).toMatchObject({ status: 'unknown', reason: 'timeout: no complete answer within 250 ms' });
    fake.misbehave({ kind: 'huge', bytes: 100 * 1024 * 1024 });
    expect(await source.search(query)).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('reply larger than'),
    });
    fake.misbehave({ kind: 'none' });
    expect(AT_MS).toBeGreaterThan(WINDOW.startMs);
  });
});
