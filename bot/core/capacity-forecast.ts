import { capacityChartSpec } from '../../analytics/charts/capacity-chart.js';
import { resample } from '../../analytics/series.js';
import type { Series, WorkUnitId } from '../../analytics/types.js';
import type { CapacityForecast } from '../../tools/forecast/capacity.js';
import { type ForecastProvenance, readCapacityForecast } from '../precomputed/forecasts.js';
import type { Core } from './core.js';

const DAY_MS = 86_400_000;
const OBSERVED_DAYS_SHOWN = 28;

export interface UnitCapacityForecast {
  workUnit: WorkUnitId;
  horizonDays: number;
  safeCapacity: number;
  forecast: CapacityForecast;
  /** Observed daily peaks of the last weeks, for the chart. */
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
  const { forecast: raw, provenance, learned } = await readCapacityForecast(core, workUnit, atMs, horizonDays);
  const hourly = learned.history.hourlyLoad.get(workUnit)!;
  const safeCapacity = learned.history.baselines.get(workUnit)!.safeCapacity;
  // Today is only partly ahead of us: its "daily peak" would be that of the remaining hours.
  const today = new Date(atMs).toISOString().slice(0, 10);
  const dailyPeaks = raw.dailyPeaks.filter((p) => p.date > today);
  const crossing = dailyPeaks.find((p) => p.p90 > safeCapacity);
  const forecast = { ...raw, dailyPeaks, crossesAt: crossing ? crossing.date : null };
  return {
    workUnit,
    horizonDays,
    safeCapacity,
    forecast,
    observedDailyPeaks: recentDailyPeaks(hourly, atMs),
    provenance,
  };
}

/** The Vega-Lite spec of the capacity chart (pure); render it with tools/charts/render.ts. */
export function capacityForecastChart(f: UnitCapacityForecast): Record<string, unknown> {
  return capacityChartSpec({
    title: `${f.workUnit}: daily peak load, ${f.horizonDays}-day forecast (${f.forecast.model})`,
    observed: f.observedDailyPeaks.map((p) => ({ t: p.atMs, v: p.load })),
    forecast: f.forecast.dailyPeaks.map((p) => {
      const t = Date.parse(`${p.date}T00:00:00Z`);
      return { t, yhat: p.p50, lo: p.p50, hi: p.p90 };
    }),
    safeCapacity: f.safeCapacity,
    crossesAt: f.forecast.crossesAt,
    yLabel: 'daily peak load (rps)',
  });
}

function recentDailyPeaks(hourly: Series, atMs: number): { atMs: number; load: number }[] {
  const daily = resample(hourly, DAY_MS, 'max');
  const out: { atMs: number; load: number }[] = [];
  daily.values.forEach((v, i) => {
    const t = daily.startMs + i * DAY_MS;
    if (!Number.isNaN(v) && t <= atMs && t > atMs - OBSERVED_DAYS_SHOWN * DAY_MS) out.push({ atMs: t, load: v });
  });
  return out;
}
