// The anomaly-API adapter against a local server that answers well, slowly, with errors, and
// with malformed bodies: every failure is "unknown" with a reason, never "ok".
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AnomalyApiSignalSource, buildAnomalyApiSource } from '../../tools/anomaly-api/index.js';
import { anomalyApiSchema } from '../../tools/config/fleet-schema.js';
import { type FakeAnomalyApi, startFakeAnomalyApi } from './helpers/fake-anomaly-api.js';

const AT = Date.parse('2026-03-03T21:05:00Z');
const UNITS = ['eu-west-1', 'us-east-1'];

let api: FakeAnomalyApi;
let clockMs = AT;

function source(extra: Record<string, unknown> = {}): AnomalyApiSignalSource {
  const config = anomalyApiSchema.parse({
    url: api.url,
    timeoutMs: 200,
    retries: 2,
    breaker: { failuresToOpen: 2, cooldownMs: 30_000 },
    auth: { bearer: { env: 'ANOMALY_TOKEN' } },
    ...extra,
  });
  return buildAnomalyApiSource(config, { ANOMALY_TOKEN: 'anomaly-secret' }, { now: () => clockMs, retryBaseMs: 10 });
}

beforeAll(async () => {
  api = await startFakeAnomalyApi(5_000);
});
afterAll(() => api.close());
beforeEach(() => {
  clockMs = AT;
  api.mode = 'ok';
  api.failFirst = 0;
  api.hits = 0;
  api.states = [
    {
      workUnit: 'eu-west-1',
      anomalous: true,
      score: 0.93,
      observedAt: new Date(AT - 30_000).toISOString(),
      reason: 'connections fell',
    },
    { workUnit: 'us-east-1', anomalous: false, score: 0.1, observedAt: new Date(AT - 30_000).toISOString() },
  ];
});

describe('anomaly API signal source', () => {
  it('reads the state of every unit in one call, with the bearer token', async () => {
    const signals = await source().read(UNITS, AT);
    expect(signals.get('eu-west-1')).toMatchObject({ status: 'firing', observedAtMs: AT - 30_000 });
    expect(signals.get('eu-west-1')!.detail).toContain('score 0.93');
    expect(signals.get('us-east-1')!.status).toBe('ok');
    expect(api.hits).toBe(1);
    expect(api.lastAuthorization).toBe('Bearer anomaly-secret');
  });

  it('is unknown for a unit the API does not report, and for a stale state', async () => {
    api.states[1]!.observedAt = new Date(AT - 3_600_000).toISOString();
    const signals = await source().read([...UNITS, 'ap-south-1'], AT);
    expect(signals.get('us-east-1')).toMatchObject({ status: 'unknown' });
    expect(signals.get('us-east-1')!.detail).toMatch(/3600 s old/);
    expect(signals.get('ap-south-1')!.detail).toMatch(/no state for ap-south-1/);
  });

  it('is unknown for a state from after the instant evaluated (clock skew, or a past instant asked)', async () => {
    api.states[1]!.observedAt = new Date(AT + 600_000).toISOString();
    const signals = await source().read(UNITS, AT);
    expect(signals.get('us-east-1')).toMatchObject({ status: 'unknown' });
    expect(signals.get('us-east-1')!.detail).toBe(
      'anomaly API state for us-east-1 is from 600 s after the instant evaluated (clock skew or a past --at)',
    );
    api.states[1]!.observedAt = new Date(AT + 30_000).toISOString(); // within the skew allowed
    expect((await source().read(UNITS, AT)).get('us-east-1')!.status).toBe('ok');
  });

  it('times out a slow answer after retries: unknown, saying so', async () => {
    api.mode = 'slow';
    const started = Date.now();
    const signals = await source().read(UNITS, AT);
    // three tries of 200 ms against a server that takes 5 s: far below one slow answer
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(api.hits).toBe(3);
    for (const s of signals.values()) {
      expect(s.status).toBe('unknown');
      expect(s.detail).toMatch(/no complete answer within 200 ms \(after 3 attempts\)/);
    }
  });

  it('retries a transient failure and then succeeds', async () => {
    api.failFirst = 2;
    const signals = await source().read(UNITS, AT);
    expect(signals.get('eu-west-1')!.status).toBe('firing');
    expect(api.hits).toBe(3);
  });

  it('does not retry answers that will not change (404, malformed) and reports them', async () => {
    for (const [mode, pattern] of [
      ['not-found', /HTTP 404/],
      ['malformed-json', /body is not JSON/],
      ['wrong-schema', /malformed answer: units\.0\.anomalous/],
    ] as const) {
      api.mode = mode;
      api.hits = 0;
      const signals = await source().read(UNITS, AT);
      expect(api.hits, mode).toBe(1);
      expect(signals.get('eu-west-1')!.status, mode).toBe('unknown');
      expect(signals.get('eu-west-1')!.detail, mode).toMatch(pattern);
    }
  });

  it('opens the circuit after repeated failures, fails fast, and closes after a good trial', async () => {
    const s = source({ retries: 0 });
    api.mode = 'fail';
    await s.read(UNITS, AT);
    await s.read(UNITS, AT);
    expect(s.client.breaker.state).toBe('open');
    api.mode = 'ok';
    const fast = await s.read(UNITS, AT);
    expect(api.hits).toBe(2);
    expect(fast.get('eu-west-1')!.status).toBe('unknown');
    expect(fast.get('eu-west-1')!.detail).toMatch(/circuit open after 2 failed calls/);
    clockMs += 30_000;
    expect(s.client.breaker.state).toBe('half-open');
    expect((await s.read(UNITS, AT)).get('eu-west-1')!.status).toBe('firing');
    expect(s.client.breaker.state).toBe('closed');
  });

  it('re-opens at once when the half-open trial fails', async () => {
    const s = source({ retries: 0 });
    api.mode = 'fail';
    await s.read(UNITS, AT);
    await s.read(UNITS, AT);
    clockMs += 30_000;
    await s.read(UNITS, AT);
    expect(s.client.breaker.state).toBe('open');
  });

  it('is unknown when nothing listens', async () => {
    const s = buildAnomalyApiSource(anomalyApiSchema.parse({ url: 'http://127.0.0.1:9', retries: 0 }), {});
    const signals = await s.read(UNITS, AT);
    expect(signals.get('us-east-1')!.status).toBe('unknown');
    expect(signals.get('us-east-1')!.detail).toMatch(/ECONNREFUSED/);
  });

  it('fetches a unit history over a range and checks it is for that unit', async () => {
    const res = await source().client.history('eu-west-1', AT - 3_600_000, AT);
    expect(res.ok && res.data.points[0]!.at).toBe(new Date(AT - 3_600_000).toISOString());
    api.mode = 'slow';
    const slow = await source({ retries: 0 }).client.history('eu-west-1', AT - 3_600_000, AT);
    expect(slow.ok).toBe(false);
  });

  it('rejects bad configuration: a non-http URL, a missing token variable', () => {
    expect(anomalyApiSchema.safeParse({ url: 'file:///etc/passwd' }).success).toBe(false);
    const config = anomalyApiSchema.parse({ url: 'http://127.0.0.1:1', auth: { bearer: { env: 'NOPE' } } });
    expect(() => buildAnomalyApiSource(config, {})).toThrow(/NOPE is not set/);
  });
});
