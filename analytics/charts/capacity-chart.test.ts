import { describe, expect, it } from 'vitest';
import { capacityChartSpec } from './capacity-chart.js';

describe('capacityChartSpec', () => {
  const base = {
    title: 'eu-west-1 capacity',
    observed: [{ t: Date.UTC(2024, 0, 1), v: 10 }],
    forecast: [{ t: '2024-01-02T00:00:00.000Z', yhat: 12, lo: 10, hi: 14 }],
    safeCapacity: 13,
  };

  it('has the band, both lines, the safe-capacity rule and a crossing marker', () => {
    const spec = capacityChartSpec({ ...base, crossesAt: '2024-01-02' });
    const layers = spec.layer as { mark: { type: string } }[];
    expect(layers.map((l) => l.mark.type)).toEqual(['area', 'line', 'line', 'rule', 'point', 'text']);
    expect(JSON.stringify(spec)).toContain('P90 peak crosses safe capacity 2024-01-02');
    expect(JSON.stringify(spec)).toContain('2024-01-01T00:00:00.000Z'); // numbers become ISO times
  });

  it('has no crossing marker when the forecast does not cross', () => {
    const layers = capacityChartSpec({ ...base, crossesAt: null }).layer as unknown[];
    expect(layers).toHaveLength(4);
  });
});
