import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { unitCapacityChartSpec } from '../../analytics/charts/capacity-chart.js';
import { CHART_COLOURS, CHART_SIZE } from '../../analytics/charts/chart-style.js';
import { sampleView } from '../../analytics/charts/sample-view.js';
import { renderPng } from './render.js';

const PAD = { left: 96, right: 24, top: 78, bottom: 72 };
const SCALE = 2; // density 144

function rgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** The band is drawn at 55 % opacity over white. */
const BAND_ON_WHITE = `#${rgb(CHART_COLOURS.band)
  .map((c) =>
    Math.round(0.55 * c + 0.45 * 255)
      .toString(16)
      .padStart(2, '0'),
  )
  .join('')}`;

describe('renderPng', () => {
  it('renders the unit chart at the size Slack shows inline, with the marks where they belong', async () => {
    const view = sampleView();
    const png = await renderPng(
      unitCapacityChartSpec(view, { title: 'eu-central-1: daily peak load vs safe capacity' }),
    );
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    const width = (CHART_SIZE.width + PAD.left + PAD.right) * SCALE;
    const height = (CHART_SIZE.height + PAD.top + PAD.bottom) * SCALE;
    expect([meta.width, meta.height]).toEqual([width, height]);

    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const near = (x: number, y: number, hex: string, tol = 40) => {
      const [r, g, b] = rgb(hex);
      const o = (y * info.width + x) * 3;
      return Math.abs(data[o]! - r) + Math.abs(data[o + 1]! - g) + Math.abs(data[o + 2]! - b) < tol;
    };
    const plot = {
      x0: PAD.left * SCALE,
      x1: (PAD.left + CHART_SIZE.width) * SCALE,
      y0: PAD.top * SCALE,
      y1: (PAD.top + CHART_SIZE.height) * SCALE,
    };

    // The "now" rule: one column of the plot that is the rule's grey over most of the plot's height,
    // where the time scale puts now (domain: first observed midday to last forecast midday).
    const firstMs = (view.observed[0]?.dayMs as number) + 12 * 3_600_000;
    const lastMs = (view.days.at(-1)?.dayMs as number) + 12 * 3_600_000;
    const nowX = plot.x0 + ((view.atMs - firstMs) / (lastMs - firstMs)) * (plot.x1 - plot.x0);
    const greyColumns: number[] = [];
    for (let x = plot.x0; x < plot.x1; x++) {
      let n = 0;
      for (let y = plot.y0; y < plot.y1; y++) if (near(x, y, CHART_COLOURS.now)) n++;
      if (n > 0.7 * (plot.y1 - plot.y0)) greyColumns.push(x);
    }
    expect(greyColumns.length).toBeGreaterThan(0);
    expect(Math.abs((greyColumns[0] as number) - nowX)).toBeLessThan(6);

    // The dashed safe-capacity line: a row of the plot that is at least a third red.
    let redRow = -1;
    for (let y = plot.y0; y < plot.y1 && redRow < 0; y++) {
      let n = 0;
      for (let x = plot.x0; x < plot.x1; x++) if (near(x, y, CHART_COLOURS.safe)) n++;
      if (n > (plot.x1 - plot.x0) / 3) redRow = y;
    }
    expect(redRow).toBeGreaterThan(plot.y0);

    // The P50 line is drawn over the band: right of now, columns have band above and below orange.
    let over = 0;
    for (let x = Math.ceil(nowX) + 40; x < plot.x1 - 10; x += 20) {
      const ys: string[] = [];
      for (let y = plot.y0; y < plot.y1; y++) {
        if (near(x, y, CHART_COLOURS.forecast)) ys.push('f');
        else if (near(x, y, BAND_ON_WHITE, 30)) ys.push('b');
      }
      const s = ys.join('');
      if (/b+f+b+/.test(s.replace(/(.)\1+/g, '$1$1'))) over++;
    }
    expect(over).toBeGreaterThan(5);

    // History is drawn left of now in the observed colour.
    let blue = 0;
    for (let x = plot.x0; x < nowX - 10; x++)
      for (let y = plot.y0; y < plot.y1; y++) if (near(x, y, CHART_COLOURS.observed)) blue++;
    expect(blue).toBeGreaterThan(200);
  });

  it('rejects a spec that does not compile with a clear error', async () => {
    await expect(renderPng({ mark: 'no-such-mark', data: { values: [] } })).rejects.toThrow(/chart spec/);
  });
});
