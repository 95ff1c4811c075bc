import { capacityChartSpec } from '../../../analytics/charts/capacity-chart.js';
import type { UnitOutlook } from '../../../analytics/report.js';
import { renderPng } from '../../../tools/charts/render.js';
import { type CapacityChartRenderer, renderCapacityChart } from './capacity-png.js';

/** One unit: the shared Vega-Lite capacity chart (observed and forecast daily peaks, safe capacity, crossing). */
export async function unitChartPng(u: UnitOutlook, title: string): Promise<Buffer> {
  const spec = capacityChartSpec({
    title,
    observed: (u.observed ?? []).map((p) => ({ t: p.atMs, v: p.load })),
    forecast: u.peaks.map((p) => ({ t: p.atMs, yhat: p.load, lo: p.load, hi: p.load })),
    safeCapacity: u.safeCapacity,
    crossesAt: u.crossingAtMs === null ? null : new Date(u.crossingAtMs).toISOString().slice(0, 10),
    yLabel: 'daily peak load (rps)',
  });
  return renderPng(spec);
}

/** The Vega-Lite chart for one unit; several units share one chart of peak as a share of safe capacity. */
export const renderChart: CapacityChartRenderer = async (units, title) => {
  if (units.length === 1) {
    try {
      return await unitChartPng(units[0]!, title);
    } catch {
      // The simple chart below is always available.
    }
  }
  return renderCapacityChart(units, title);
};
