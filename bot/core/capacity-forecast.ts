// The one capacity forecast of a unit. Everything that answers about a unit's capacity — the
// crossing date, the headroom at the next peak, the chart, the weekly report and the proactive
// alerts — reads the object this returns, so they cannot disagree. It is fitted once per learned
// set (90 days ahead; shorter horizons are cut from it), kept in the pre-computed analytics store
// and read back from there (readCapacityForecast).
import { unitCapacityChartSpec } from '../../analytics/charts/capacity-chart.js';
import type { DailyPeak } from '../../analytics/forecast/capacity-forecast.js';
import { type CapacityView, capacityView } from '../../analytics/forecast/capacity-view.js';
import type { WorkUnitId } from '../../analytics/types.js';
import type { CapacityForecast } from '../../tools/forecast/capacity.js';
import { type ForecastProvenance, readCapacityForecast } from '../precomputed/forecasts.js';
import type { Core } from './core.js';

/** Every horizon is cut from one 90-day fit: 30, 60 and 90 days agree on the days they share. */
export const FITTED_HORIZON_DAYS = 90;
const DAY_MS = 86_400_000;

export interface UnitCapacityForecast {
  workUnit: WorkUnitId;
  horizonDays: number;
  safeCapacity: number;
  /** Daily peaks from today (joined with what was observed today) to the horizon; crossesAt from them. */
  forecast: CapacityForecast;
  /** The view every answer formats: days, next peak, crossing, observed days. */
  view: CapacityView;
  /** Observed daily peaks of the last weeks (complete days), for the chart. */
  observedDailyPeaks: { atMs: number; load: number }[];
  /** Which stored forecast this is: model, input range, when computed, from the store or fitted now. */
  provenance: ForecastProvenance;
}

/** When the forecast P90 daily peak of a unit's load crosses its safe capacity, over 30/60/90 days. */
export async function capacityForecast(
  core: Core,
  workUnit: WorkUnitId,
  atMs: number,
  horizonDays: number,
): Promise<UnitCapacityForecast> {
  const fittedDays = Math.max(FITTED_HORIZON_DAYS, horizonDays);
  const { forecast: fitted, provenance, learned } = await readCapacityForecast(core, workUnit, atMs, fittedDays);
  const hourly = learned.history.hourlyLoad.get(workUnit)!;
  const safeCapacity = learned.history.baselines.get(workUnit)!.safeCapacity;
  const view = capacityView({
    atMs,
    horizonDays,
    safeCapacity,
    model: fitted.model,
    reason: fitted.reason ?? '',
    backtestCoverage: fitted.backtestCoverage ?? Number.NaN,
    points: fitted.points,
    history: hourly,
  });
  const endMs = Math.floor(atMs / DAY_MS) * DAY_MS + (horizonDays + 1) * DAY_MS;
  const dailyPeaks: DailyPeak[] = view.days.map((d) => ({ date: d.date, p10: d.p10, p50: d.p50, p90: d.p90 }));
  const forecast: CapacityForecast = {
    ...fitted,
    dailyPeaks,
    crossesAt: view.crossing?.date ?? null,
    points: fitted.points.filter((p) => Date.parse(p.t) < endMs),
  };
  return {
    workUnit,
    horizonDays,
    safeCapacity,
    forecast,
    view,
    observedDailyPeaks: view.observed.map((d) => ({ atMs: d.dayMs, load: d.load })),
    provenance,
  };
}

/** The Vega-Lite spec of the capacity chart (pure); render it with tools/charts/render.ts. */
export function capacityForecastChart(f: UnitCapacityForecast): Record<string, unknown> {
  return unitCapacityChartSpec(f.view, {
    title: `${f.workUnit}: daily peak load vs safe capacity, next ${f.horizonDays} days`,
  });
}
