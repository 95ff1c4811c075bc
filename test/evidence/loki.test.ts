// Loki adapter against a fake Loki that validates every query with Grafana's LogQL grammar.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendConnection } from '../../tools/sources/http/request-json.js';
import { logqlFor } from '../../tools/sources/loki/logql.js';
import { LokiLogSource } from '../../tools/sources/loki/loki-log-source.js';
import { parseLogQuery, startFakeLoki, toLokiLines } from '../fakes/evidence/fake-loki.js';
import { closedPortUrl, type HttpFake } from '../fakes/evidence/http-fake.js';
import { WINDOW } from './helpers/evidence-fixture.js';
import { logSourceContract } from './helpers/log-contract.js';
import { simulatedLines } from './helpers/sim-lines.js';

const LABELS = { workUnit: 'work_unit', service: 'service', level: 'level' };
const conn = (url: string, extra: Partial<BackendConnection> = {}): BackendConnection => ({
  baseUrl: url,
  timeoutMs: 2_000,
  maxResponseBytes: 4 * 1024 * 1024,
  headers: { 'x-scope-orgid': 'team-sre', authorization: 'Bearer loki-token' },
  ...extra,
});
const REQUIRED = { requireHeaders: { 'x-scope-orgid': 'team-sre', authorization: 'Bearer loki-token' } };

logSourceContract('Loki (fake speaking /loki/api/v1/query_range)', async () => {
  const fake = await startFakeLoki(toLokiLines(await simulatedLines()), REQUIRED);
  return { source: new LokiLogSource(conn(fake.url), LABELS), busyUnit: 'us-east-1', teardown: () => fake.close() };
});

describe('Loki adapter', () => {
  let fake: HttpFake;
  let source: LokiLogSource;
  const query = { workUnit: 'us-east-1', range: WINDOW, limit: 20 };

  beforeAll(async () => {
    fake = await startFakeLoki(toLokiLines(await simulatedLines()), REQUIRED);
    source = new LokiLogSource(conn(fake.url), LABELS);
  });
  afterAll(() => fake.close());

  it('sends LogQL that Grafana’s grammar accepts, with tenant and auth, nanosecond bounds and direction backward', async () => {
    const got = await source.search({ ...query, service: 'api', minLevel: 'warn', contains: 'time"d out (\\' });
    expect(got.status).toBe('ok');
    const sent = fake.requests.at(-1)!;
    expect(sent.query.get('query')).toBe(
      '{work_unit="us-east-1", service="api", level=~"warn|error|fatal"} |~ "(?i)time\\"d out \\\\(\\\\\\\\"',
    );
    expect(parseLogQuery(sent.query.get('query')!)).toMatchObject({
      filters: [{ op: '|~', value: '(?i)time"d out \\(\\\\' }],
    });
    expect(sent.query.get('start')).toBe(`${WINDOW.startMs}000000`);
    expect(sent.query.get('direction')).toBe('backward');
    expect(sent.query.get('limit')).toBe('21');
    expect(sent.headers['x-scope-orgid']).toBe('team-sre');
  });

  it('says unknown with Loki’s reason when Loki refuses the query', async () => {
    const broken = new LokiLogSource(conn(fake.url), { ...LABELS, workUnit: 'bad label' });
    const got = await broken.search(query);
    expect(got).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/^http: HTTP 400: parse error/) });
    expect(got.status === 'unknown' && got.tried).toContain(
      'loki GET /loki/api/v1/query_range {bad label="us-east-1"}',
    );
  });

  it('says unknown without the tenant or token', async () => {
    const noTenant = new LokiLogSource(conn(fake.url, { headers: { authorization: 'Bearer loki-token' } }), LABELS);
    expect(await noTenant.search(query)).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('HTTP 401'),
    });
  });

  it('reads the response shape of the Loki API documentation', async () => {
    const doc = JSON.parse(
      readFileSync(new URL('../fixtures/evidence/loki-query-range.json', import.meta.url), 'utf8'),
    );
    const { startHttpFake } = await import('../fakes/evidence/http-fake.js');
    const docs = await startHttpFake(() => ({ status: 200, body: doc }));
    try {
      const got = await new LokiLogSource(conn(docs.url), LABELS).search(query);
      expect(got).toEqual({
        status: 'ok',
        value: [
          {
            timeMs: 1569266497240,
            workUnit: 'us-east-1',
            service: '',
            level: 'info',
            message: 'foo',
            labels: { filename: '/var/log/myproject.log', job: 'varlogs' },
          },
          {
            timeMs: 1569266492548,
            workUnit: 'us-east-1',
            service: '',
            level: 'info',
            message: 'bar',
            labels: { filename: '/var/log/myproject.log', job: 'varlogs' },
          },
        ],
      });
    } finally {
      await docs.close();
    }
  });

  describe('when Loki misbehaves', () => {
    afterAll(() => fake.misbehave({ kind: 'none' }));

    it('down: unknown, with what was tried', async () => {
      const got = await new LokiLogSource(conn(await closedPortUrl()), LABELS).search(query);
      expect(got).toMatchObject({
        status: 'unknown',
        reason: expect.stringMatching(/^network: .*ECONNREFUSED/),
        tried: expect.stringContaining('query_range'),
      });
    });

    it('slow: unknown at the deadline, not later', async () => {
      fake.misbehave({ kind: 'slow', ms: 5_000 });
      const started = Date.now();
      const got = await new LokiLogSource(conn(fake.url, { timeoutMs: 300 }), LABELS).search(query);
      expect(got).toMatchObject({ status: 'unknown', reason: 'timeout: no complete answer within 300 ms' });
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('5xx and malformed replies: unknown with the reason', async () => {
      fake.misbehave({ kind: 'status', status: 503, body: 'too many outstanding requests' });
      expect(await source.search(query)).toMatchObject({
        status: 'unknown',
        reason: 'http: HTTP 503: too many outstanding requests',
      });
      fake.misbehave({ kind: 'malformed' });
      expect(await source.search(query)).toMatchObject({
        status: 'unknown',
        reason: expect.stringMatching(/^malformed: /),
      });
    });

    it('a 100 MB reply: unknown at the byte cap, read no further', async () => {
      fake.misbehave({ kind: 'huge', bytes: 100 * 1024 * 1024 });
      const got = await source.search(query);
      expect(got).toMatchObject({
        status: 'unknown',
        reason: expect.stringContaining('reply larger than 4194304 bytes'),
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(fake.hugeBytesWritten).toBeLessThan(50 * 1024 * 1024);
    });
  });

  it('escapes every regex character of contains', () => {
    expect(logqlFor({ workUnit: 'x', range: WINDOW, limit: 1, contains: 'a.b*c' }, LABELS)).toBe(
      '{work_unit="x"} |~ "(?i)a\\\\.b\\\\*c"',
    );
  });
});
