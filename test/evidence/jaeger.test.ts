// Jaeger adapter against a fake Jaeger query service with the memory store's matching rules.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendConnection } from '../../tools/sources/http/request-json.js';
import { JaegerTraceSource } from '../../tools/sources/jaeger/jaeger-trace-source.js';
import { startFakeJaeger } from '../fakes/evidence/fake-jaeger.js';
import { closedPortUrl, type HttpFake, startHttpFake } from '../fakes/evidence/http-fake.js';
import { WINDOW } from './helpers/evidence-fixture.js';
import { simulatedTraces } from './helpers/sim-lines.js';
import { traceSourceContract } from './helpers/trace-contract.js';

const NAMES = { workUnitTag: 'work_unit', entryService: 'edge-gateway' };
const BASIC = `Basic ${Buffer.from('viewer:pw').toString('base64')}`;
const conn = (url: string, extra: Partial<BackendConnection> = {}): BackendConnection => ({
  baseUrl: url,
  timeoutMs: 2_000,
  maxResponseBytes: 4 * 1024 * 1024,
  headers: { authorization: BASIC },
  ...extra,
});

traceSourceContract('Jaeger (fake speaking the HTTP query API)', async () => {
  const fake = await startFakeJaeger(await simulatedTraces(), { requireHeaders: { authorization: BASIC } });
  return { source: new JaegerTraceSource(conn(fake.url), NAMES), busyUnit: 'us-east-1', teardown: () => fake.close() };
});

describe('Jaeger adapter', () => {
  let fake: HttpFake;
  let source: JaegerTraceSource;
  const query = { workUnit: 'us-east-1', range: WINDOW, limit: 5 };
  beforeAll(async () => {
    fake = await startFakeJaeger(await simulatedTraces());
    source = new JaegerTraceSource(conn(fake.url), NAMES);
  });
  afterAll(() => fake.close());

  it('asks the entry service with the unit as a tag, µs bounds, a Go duration and limit + 1', async () => {
    await source.search({
      ...query,
      errorsOnly: true,
      minDurationMs: 1.5,
      attributes: { 'http.route': '/api/v1/cart' },
    });
    const sent = fake.requests.at(-1)!;
    expect(Object.fromEntries(sent.query)).toEqual({
      service: 'edge-gateway',
      start: `${WINDOW.startMs * 1000}`,
      end: `${WINDOW.endMs * 1000 + 999}`,
      limit: '6',
      tags: JSON.stringify({ work_unit: 'us-east-1', 'http.route': '/api/v1/cart', error: 'true' }),
      minDuration: '1500us',
    });
  });

  it('reads a trace as the Jaeger API documents it: root by references, error tags, services from processes', async () => {
    const doc = JSON.parse(readFileSync(new URL('../fixtures/evidence/jaeger-trace.json', import.meta.url), 'utf8'));
    const docs = await startHttpFake(() => ({ status: 200, body: doc }));
    try {
      const jaeger = new JaegerTraceSource(conn(docs.url), NAMES);
      const found = await jaeger.search({
        ...query,
        range: { startMs: 1772591398000, endMs: 1772591399000, stepMs: 1 },
      });
      expect(found).toEqual({
        status: 'ok',
        value: [
          {
            traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
            workUnit: 'us-east-1',
            rootService: 'frontend',
            rootName: 'HTTP GET /dispatch',
            startMs: 1772591398120,
            durationMs: 730,
            error: true,
          },
        ],
      });
      const trace = await jaeger.get('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(trace.status === 'ok' && trace.value?.spans[1]).toEqual({
        spanId: '53995c3f42cd8ad8',
        service: 'mysql',
        name: 'SQL SELECT',
        startMs: 1772591398200,
        durationMs: 600,
        error: true,
        attributes: { 'sql.query': 'SELECT * FROM customer WHERE customer_id=123' },
      });
    } finally {
      await docs.close();
    }
  });

  it('says unknown with Jaeger’s message, or when it is down or slow', async () => {
    const noService = new JaegerTraceSource(conn(fake.url), { ...NAMES, entryService: '' });
    expect(await noService.search(query)).toMatchObject({
      status: 'unknown',
      reason: "http: HTTP 400: parameter 'service' is required",
    });
    expect(await new JaegerTraceSource(conn(await closedPortUrl()), NAMES).search(query)).toMatchObject({
      status: 'unknown',
      reason: expect.stringMatching(/^network:/),
    });
    fake.misbehave({ kind: 'slow', ms: 3_000 });
    expect(await new JaegerTraceSource(conn(fake.url, { timeoutMs: 250 }), NAMES).search(query)).toMatchObject({
      status: 'unknown',
      reason: 'timeout: no complete answer within 250 ms',
    });
    fake.misbehave({ kind: 'malformed' });
    expect(await source.search(query)).toMatchObject({
      status: 'unknown',
      reason: expect.stringMatching(/^malformed:/),
    });
    fake.misbehave({ kind: 'none' });
  });
});
