import { median, valueAt } from './series.js';
import type { Series } from './types.js';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

export interface ProfileForecast {
  /** Forecast load per hour from `fromMs` (hour-aligned), `hours` values. */
  values: number[];
  startMs: number;
  peak: number;
  peakAtMs: number;
}

/**
 * Forecast from the seasonal profile of the last weeks: each coming hour is the median of the same
 * hour of the week over the previous `weeks` weeks, scaled by how the last day compares with its own
 * profile (so a busier-than-usual week carries over). The stand-in until a fitted model is given.
 */
export function seasonalProfileForecast(hourly: Series, fromMs: number, hours: number, weeks = 4): ProfileForecast {
  const startMs = Math.ceil(fromMs / HOUR_MS) * HOUR_MS;
  const profileAt = (t: number) => {
    const past: number[] = [];
    for (let k = 1; k <= weeks; k++) {
      const v = valueAt(hourly, t - k * WEEK_MS);
      if (!Number.isNaN(v)) past.push(v);
    }
    return past.length > 0 ? median(past) : Number.NaN;
  };
  const level = recentLevel(hourly, startMs, profileAt);
  const values: number[] = [];
  let peak = Number.NEGATIVE_INFINITY;
  let peakAtMs = startMs;
  for (let h = 0; h < hours; h++) {
    const t = startMs + h * HOUR_MS;
    const v = profileAt(t) * level;
    values.push(v);
    if (v > peak) {
      peak = v;
      peakAtMs = t;
    }
  }
  return { values, startMs, peak: Number.isFinite(peak) ? peak : Number.NaN, peakAtMs };
}

function recentLevel(hourly: Series, startMs: number, profileAt: (t: number) => number): number {
  let actual = 0;
  let expected = 0;
  for (let h = 1; h <= 24; h++) {
    const t = startMs - h * HOUR_MS;
    const a = valueAt(hourly, t);
    const e = profileAt(t);
    if (Number.isNaN(a) || Number.isNaN(e)) continue;
    actual += a;
    expected += e;
  }
  if (!(expected > 0)) return 1;
  return Math.min(1.5, Math.max(0.67, actual / expected));
}
