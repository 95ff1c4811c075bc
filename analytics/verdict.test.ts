import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIGNAL_SOURCES, type Signal } from './types.js';
import { decideVerdict } from './verdict.js';

const AT = Date.parse('2026-03-03T21:30:00Z');
const FRESH = 600_000;
const sig = (source: Signal['source'], status: Signal['status'], ageMs = 0): Signal => ({
  source,
  status,
  detail: `${source} ${status}`,
  observedAtMs: AT - ageMs,
});

describe('decideVerdict (consensus rule)', () => {
  it('recommends failover only when two independent sources fire', () => {
    const v = decideVerdict({
      workUnit: 'eu-west-1',
      signals: [sig('metrics', 'firing'), sig('anomaly-api', 'firing'), sig('alertmanager', 'ok')],
      atMs: AT,
      freshnessMs: FRESH,
    });
    expect(v.verdict).toBe('failover');
    expect(v.confidence).toBe('high');
    expect(v.reasons[0]).toContain('metrics, anomaly-api');
  });

  it('gives watch for one source', () => {
    const v = decideVerdict({
      workUnit: 'x',
      signals: [sig('metrics', 'firing'), sig('anomaly-api', 'ok')],
      atMs: AT,
      freshnessMs: FRESH,
    });
    expect(v.verdict).toBe('watch');
  });

  it('treats stale data as unknown, never healthy', () => {
    const v = decideVerdict({
      workUnit: 'x',
      signals: [sig('metrics', 'ok', FRESH + 1), sig('anomaly-api', 'ok')],
      atMs: AT,
      freshnessMs: FRESH,
    });
    expect(v.verdict).toBe('unknown');
    expect(v.signals[0]!.status).toBe('unknown');
    expect(v.signals[0]!.detail).toMatch(/stale/);
  });

  it('does not fail over on one fresh source plus a stale firing one', () => {
    const v = decideVerdict({
      workUnit: 'x',
      signals: [sig('metrics', 'firing'), sig('anomaly-api', 'firing', FRESH * 3)],
      atMs: AT,
      freshnessMs: FRESH,
    });
    expect(v.verdict).toBe('watch');
    expect(v.confidence).toBe('low');
  });

  it('is unknown with no signals at all', () => {
    expect(decideVerdict({ workUnit: 'x', signals: [], atMs: AT, freshnessMs: FRESH }).verdict).toBe('unknown');
  });

  it('property: failover never comes from a single source or from stale data', () => {
    const signalArb = fc.record({
      source: fc.constantFrom(...SIGNAL_SOURCES),
      status: fc.constantFrom('firing', 'ok', 'unknown') as fc.Arbitrary<Signal['status']>,
      age: fc.integer({ min: 0, max: 3 * FRESH }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(signalArb, { selector: (s) => s.source, maxLength: 5 }), (raw) => {
        const signals = raw.map((r) => sig(r.source, r.status, r.age));
        const v = decideVerdict({ workUnit: 'x', signals, atMs: AT, freshnessMs: FRESH });
        const freshFiring = raw.filter((r) => r.status === 'firing' && r.age <= FRESH);
        if (v.verdict === 'failover') expect(freshFiring.length).toBeGreaterThanOrEqual(2);
        if (v.verdict === 'healthy') {
          expect(raw.every((r) => r.status === 'ok' && r.age <= FRESH)).toBe(true);
          expect(raw.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
