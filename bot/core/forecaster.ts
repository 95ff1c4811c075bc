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
  /** The window fitted for this series (fitting it now if needed), for the analytics store; null when none fits. */
  fittedWindow?(hourly: Series): HourlyWindow | null;
  /** A window read back from the analytics store, used instead of fitting this series again. */
  rememberWindow?(hourly: Series, window: HourlyWindow | null): void;
  /** Whether this series has a window (fitted or remembered) already. */
  hasWindow?(hourly: Series): boolean;
}

/** Hourly forecast values from the whole hour startMs on. */
export interface HourlyWindow {
  startMs: number;
  values: number[];
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

const HISTORY_USED_HOURS = 28 * 24;
const AHEAD_HOURS = 8 * 24;

/**
 * The fitted models (augurs, chosen per series by backtesting) for the units' hourly load. One
 * forecast per history series, eight days ahead of its end, reused until history is refreshed;
 * windows outside it fall back to the seasonal profile. `loadAugurs()` must have run first.
 */
export class FittedLoadForecaster implements LoadForecaster {
  readonly name = 'augurs (per-series backtest)';
  private readonly fitted = new WeakMap<Series, HourlyWindow | null>();

  constructor(
    private readonly forecast: (values: Float64Array, horizon: number) => { yhat: number[]; model: string },
    private readonly fallback: LoadForecaster = new SeasonalProfileForecaster(),
  ) {}

  forecastHourly(hourly: Series, fromMs: number, hours: number): number[] {
    const fit = this.fittedFor(hourly);
    const startMs = Math.ceil(fromMs / HOUR_MS) * HOUR_MS;
    if (fit) {
      const offset = Math.round((startMs - fit.startMs) / HOUR_MS);
      if (offset >= 0 && offset + hours <= fit.values.length) return fit.values.slice(offset, offset + hours);
    }
    return this.fallback.forecastHourly(hourly, fromMs, hours);
  }

  fittedWindow(hourly: Series): HourlyWindow | null {
    return this.fittedFor(hourly);
  }

  rememberWindow(hourly: Series, window: HourlyWindow | null): void {
    this.fitted.set(hourly, window);
  }

  hasWindow(hourly: Series): boolean {
    return this.fitted.has(hourly);
  }

  private fittedFor(hourly: Series): HourlyWindow | null {
    if (this.fitted.has(hourly)) return this.fitted.get(hourly) ?? null;
    let result: HourlyWindow | null = null;
    const last = lastPresentIndex(hourly);
    if (last >= HISTORY_USED_HOURS / 2) {
      const from = Math.max(0, last + 1 - HISTORY_USED_HOURS);
      const values = hourly.values.slice(from, last + 1);
      if (!values.some(Number.isNaN)) {
        try {
          result = { startMs: hourly.startMs + (last + 1) * HOUR_MS, values: this.forecast(values, AHEAD_HOURS).yhat };
        } catch {
          result = null; // a model that cannot fit this series: the profile answers instead
        }
      }
    }
    this.fitted.set(hourly, result);
    return result;
  }
}

function lastPresentIndex(series: Series): number {
  for (let i = series.values.length - 1; i >= 0; i--) if (!Number.isNaN(series.values[i] as number)) return i;
  return -1;
}
