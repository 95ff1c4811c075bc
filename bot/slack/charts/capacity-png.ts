// The one chart renderer of the Slack app: one unit with its fitted forecast gets the unit chart
// (history, P50 over the P10–P90 band, now, safe capacity, crossing); several units, or a unit
// without a fitted forecast, the fleet chart of P90 peak as a share of safe capacity. Both are
// Vega-Lite specs from analytics/charts, drawn by tools/charts/render.ts.
import { fleetCapacityChartSpec, unitCapacityChartSpec } from '../../../analytics/charts/capacity-chart.js';
import type { UnitOutlook } from '../../../analytics/report.js';
import { renderPng } from '../../../tools/charts/render.js';

/** Turns a capacity outlook into a PNG. The Slack layer only ever uploads the buffer it returns. */
export type CapacityChartRenderer = (units: UnitOutlook[], title: string) => Promise<Buffer>;

/** The spec the renderer draws for these units (exported for the structure tests). */
export function capacityChartFor(units: UnitOutlook[], title: string, nowMs: number): Record<string, unknown> {
  const only = units.length === 1 ? units[0] : undefined;
  if (only?.forecast) return unitCapacityChartSpec(only.forecast, { title: `${only.id}: ${title}` });
  return fleetCapacityChartSpec(
    units.map((u) => ({ id: u.id, safeCapacity: u.safeCapacity, peaks: u.peaks, crossingAtMs: u.crossingAtMs })),
    title,
    units.find((u) => u.forecast)?.forecast?.atMs ?? nowMs,
  );
}

export const renderChart: CapacityChartRenderer = async (units, title) =>
  renderPng(capacityChartFor(units, title, Math.min(...units.flatMap((u) => u.peaks.map((p) => p.dayMs)), Date.now())));
