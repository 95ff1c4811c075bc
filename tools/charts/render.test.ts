import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { capacityChartSpec } from '../../analytics/charts/capacity-chart.js';
import { renderPng } from './render.js';

const HOUR_MS = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

describe('renderPng', () => {
  it('renders a capacity chart to a PNG of the expected size that is not blank', async () => {
    const observed = Array.from({ length: 24 * 7 }, (_, i) => ({ t: T0 + i * HOUR_MS, v: 100 + 40 * Math.sin(i / 4) }));
    const forecast = Array.from({ length: 24 * 7 }, (_, i) => {
      const yhat = 110 + 40 * Math.sin((i + 168) / 4);
      return { t: T0 + (i + 168) * HOUR_MS, yhat, lo: yhat - 10, hi: yhat + 10 };
    });
    const spec = capacityChartSpec({
      title: 'wu-1 load',
      observed,
      forecast,
      safeCapacity: 150,
      crossesAt: '2024-01-09',
    });
    const png = await renderPng(spec);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    // 800 × 360 plot plus axes and title, at density 144 (2×).
    expect(meta.width).toBeGreaterThan(1600);
    expect(meta.height).toBeGreaterThan(720);
    const stats = await sharp(png).stats();
    // Not blank: the channels vary, and some pixels are far from the white background.
    expect(stats.channels[0]?.stdev).toBeGreaterThan(10);
    expect(stats.channels[2]?.min).toBeLessThan(100);
  });

  it('rejects a spec that does not compile with a clear error', async () => {
    await expect(renderPng({ mark: 'no-such-mark', data: { values: [] } })).rejects.toThrow(/chart spec/);
  });
});
