import { describe, expect, it } from 'vitest';
import { isSeasonal, mase, multiplicativeIndices, naive2, smape } from './m4-metrics.js';

describe('M4 measures', () => {
  it('sMAPE and MASE on hand-computed cases', () => {
    expect(smape([100, 100], [100, 50])).toBeCloseTo((0 + (200 * 50) / 150) / 2, 10);
    // in-sample seasonal differences with m = 2: |3-1|, |4-2| -> scale 2; MAE 1 -> MASE 0.5
    expect(mase([1, 2, 3, 4], [5, 6], [4, 7], 2)).toBeCloseTo(0.5, 10);
  });

  it('Naive2 repeats the last deseasonalised value times the seasonal indices', () => {
    const y = Array.from({ length: 24 * 10 }, (_, i) => 100 * (1 + 0.5 * Math.sin((2 * Math.PI * i) / 24)));
    expect(isSeasonal(y, 24)).toBe(true);
    const idx = multiplicativeIndices(y, 24);
    expect(idx.reduce((a, b) => a + b, 0) / 24).toBeCloseTo(1, 10);
    const f = naive2(y, 48, 24);
    for (let h = 0; h < 48; h++) expect(f[h]).toBeCloseTo(y[(y.length + h) % 24] as number, 6);
  });

  it('Naive2 is plain naive on a series without seasonality', () => {
    const y = Array.from({ length: 200 }, (_, i) => i);
    expect(isSeasonal(y, 24)).toBe(false);
    expect(naive2(y, 3, 24)).toEqual([199, 199, 199]);
  });
});
