import { describe, expect, it } from 'vitest';
import { thresholdsSchema } from '../tools/config/fleet-schema.js';
import { metricsSignal } from './metrics-signal.js';
import type { LatestSample, UnitMetric } from './types.js';

const thresholds = thresholdsSchema.parse({});
const limits = { connections: 100_000, networkMbps: 10_000 };
const at = 1_000_000;
const sample = (value: number): LatestSample => ({ value, sampleMs: at });
const healthy: Record<UnitMetric, LatestSample> = {
  load: sample(5000),
  cpu: sample(0.5),
  memory: sample(0.6),
  connections: sample(50_000),
  network: sample(3000),
  errorRate: sample(0.001),
  latencyP95: sample(140),
};
const ok = { status: 'ok' as const, detail: 'as expected' };

describe('metricsSignal', () => {
  it('is ok when every threshold holds', () => {
    const s = metricsSignal({ latest: healthy, limits, thresholds, connectionCheck: ok });
    expect(s.status).toBe('ok');
    expect(s.observedAtMs).toBe(at);
  });

  it('fires on error rate, latency, utilisation and a connection drop, naming each', () => {
    const s = metricsSignal({
      latest: { ...healthy, errorRate: sample(0.08), latencyP95: sample(900), connections: sample(97_000) },
      limits,
      thresholds,
      connectionCheck: { status: 'firing', detail: 'connections −60 % vs expected' },
    });
    expect(s.status).toBe('firing');
    expect(s.detail).toContain('error rate 8.0 %');
    expect(s.detail).toContain('latency p95 900 ms');
    expect(s.detail).toContain('connections at 97 %');
    expect(s.detail).toContain('−60 %');
  });

  it('fires when the load is beyond the safe capacity a degraded unit has left, not on the loss alone', () => {
    const over = metricsSignal({
      latest: healthy,
      limits,
      thresholds,
      connectionCheck: ok,
      degraded: { load: 5000, safeCapacityNow: 4600, lostFraction: 0.31 },
    });
    expect(over.status).toBe('firing');
    expect(over.detail).toBe('load 5,000 rps beyond the 4,600 rps it can safely carry with 31 % of its capacity lost');
    const stillFits = metricsSignal({
      latest: healthy,
      limits,
      thresholds,
      connectionCheck: ok,
      degraded: { load: 5000, safeCapacityNow: 6000, lostFraction: 0.31 },
    });
    expect(stillFits.status).toBe('ok');
  });

  it('is unknown when a metric is missing, and reports the oldest sample time', () => {
    const { load: _dropped, ...rest } = healthy;
    expect(metricsSignal({ latest: rest, limits, thresholds, connectionCheck: ok }).status).toBe('unknown');
    const older = metricsSignal({
      latest: { ...healthy, cpu: { value: 0.5, sampleMs: at - 5000 } },
      limits,
      thresholds,
      connectionCheck: ok,
    });
    expect(older.observedAtMs).toBe(at - 5000);
  });

  it('an idle unit (load 0) needs no error rate or latency; a busy one does', () => {
    const { errorRate: _e, latencyP95: _l, ...noPerRequest } = healthy;
    const idle = metricsSignal({
      latest: { ...noPerRequest, load: sample(0) },
      limits,
      thresholds,
      connectionCheck: ok,
    });
    expect(idle).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^idle \(no traffic/) });
    const busy = metricsSignal({ latest: noPerRequest, limits, thresholds, connectionCheck: ok });
    expect(busy).toMatchObject({ status: 'unknown', detail: 'no samples for errorRate, latencyP95' });
    // idle but hot on a resource still fires
    const hotIdle = metricsSignal({
      latest: { ...noPerRequest, load: sample(0), cpu: sample(0.99) },
      limits,
      thresholds,
      connectionCheck: ok,
    });
    expect(hotIdle.status).toBe('firing');
  });
});
