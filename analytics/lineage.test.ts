import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { independence } from './lineage.js';
import { SIGNAL_SOURCES, type Signal } from './types.js';
import { decideVerdict } from './verdict.js';

const AT = Date.parse('2026-03-03T21:00:00Z');
const MEASUREMENTS = ['telemetry', 'edge-probes', 'edge-error-log', 'anomaly-api', 'alert-rules', 'operator'];

const firingSignal = fc.record({
  source: fc.constantFrom(...SIGNAL_SOURCES),
  measures: fc.uniqueArray(fc.constantFrom(...MEASUREMENTS), { minLength: 1, maxLength: 3 }),
});

describe('signal lineage', () => {
  it('never counts one measurement twice: independent ≤ distinct measurements and ≤ sources', () => {
    fc.assert(
      fc.property(fc.array(firingSignal, { maxLength: 6 }), (raw) => {
        const signals: Signal[] = raw.map((s) => ({ ...s, status: 'firing', detail: 'x', observedAtMs: AT }));
        const { count } = independence(signals);
        const distinct = new Set(raw.flatMap((s) => s.measures)).size;
        expect(count).toBeLessThanOrEqual(distinct);
        expect(count).toBeLessThanOrEqual(signals.length);
        // every source reading only one shared measurement adds nothing
        const echo: Signal[] = [...signals, ...signals.map((s) => ({ ...s }))];
        expect(independence(echo).count).toBe(count);
        const v = decideVerdict({ workUnit: 'wu', signals, atMs: AT, freshnessMs: 60_000 });
        if (distinct < 2) expect(v.verdict).not.toBe('failover');
        if (count >= 2) expect(v.verdict).toBe('failover');
      }),
    );
  });

  it('credits a source with an extra measurement of its own (an edge agent whose probe fails too)', () => {
    const signals: Signal[] = [
      { source: 'metrics', status: 'firing', detail: 'x', observedAtMs: AT },
      { source: 'edge-agent', status: 'firing', detail: 'y', observedAtMs: AT, measures: ['edge-probes', 'telemetry'] },
    ];
    expect(independence(signals).count).toBe(2);
    const same: Signal[] = [signals[0]!, { ...signals[1]!, measures: ['telemetry'] }];
    expect(independence(same)).toEqual({
      count: 1,
      shared: [{ measurement: 'telemetry', sources: ['metrics', 'edge-agent'] }],
    });
  });
});
