import { seasonalProfileForecast } from '../../analytics/load-profile.js';
import { valueAt } from '../../analytics/series.js';
import type { Series } from '../../analytics/types.js';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/** Hourly load forecasts for the planner and what-if. The fitted augurs models plug in here. */
export interface LoadForecaster {
  readonly name: string;
  /** Forecast of `hours` hourly values starting at the first whole hour after `fromMs`. */
  forecastHourly(hourly: Series, fromMs: number, hours: number): number[];
}

/**
 * The seasonal profile of the last four weeks, with the week-over-week growth of the last eight
 * weeks compounded for horizons beyond a week.
 */
export class SeasonalProfileForecaster implements LoadForecaster {
  readonly name = 'seasonal-profile-4w';

  forecastHourly(hourly: Series, fromMs: number, hours: number): number[] {
    const historyEndMs = hourly.startMs + (hourly.values.length - 1) * hourly.stepMs;
    // Beyond the data, forecast from its end and keep the requested window.
    const lead = fromMs > historyEndMs + HOUR_MS ? Math.ceil((fromMs - historyEndMs) / HOUR_MS) - 1 : 0;
    const origin = lead > 0 ? historyEndMs : fromMs;
    const total = lead + hours;
    const base = seasonalProfileForecast(hourly, origin, Math.min(total, 168)).values;
    const growth = total > 168 ? weeklyGrowth(hourly, origin) : 1;
    const out: number[] = [];
    for (let h = lead; h < total; h++) out.push((base[h % 168] as number) * growth ** Math.floor(h / 168));
    return out;
  }
}

/** Ratio of the last four weeks' mean to the four weeks before, as a per-week factor (clamped). */
function weeklyGrowth(hourly: Series, fromMs: number): number {
  const mean = (from: number, to: number) => {
    let sum = 0;
    let n = 0;
    for (let t = from; t < to; t += HOUR_MS) {
      const v = valueAt(hourly, t);
      if (!Number.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n > 0 ? sum / n : Number.NaN;
  };
  const recent = mean(fromMs - 4 * WEEK_MS, fromMs);
  const before = mean(fromMs - 8 * WEEK_MS, fromMs - 4 * WEEK_MS);
  if (!(recent > 0) || !(before > 0)) return 1;
  return Math.min(1.1, Math.max(0.9, (recent / before) ** (1 / 4)));
}
