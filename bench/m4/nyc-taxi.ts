// NAB nyc_taxi, 30 days ahead from several rolling origins: daily-peak MAPE and the share of
// hours within ±15 %, on all hours and with NAB's labelled anomaly windows left out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { forecastWithSelection } from '../../analytics/forecast/forecaster.js';
import { type LabelledRange, replaceLabelledRanges } from '../../analytics/forecast-history-clean.js';
import { resample } from '../../analytics/series.js';
import { loadAugurs } from '../../tools/forecast/augurs.js';
import { CAPACITY_FORECAST_OPTIONS } from '../../tools/forecast/capacity.js';
import { parseNabCsv, parseNabTimestamp } from '../../tools/nab/corpus.js';
import { type Figure, round } from '../stats.js';

const HOUR_MS = 3_600_000;
const DAY_HOURS = 24;
const HORIZON_DAYS = 30;
/** Origins (days after the first midnight), spread over the second half of the file. */
const ORIGIN_DAYS = [91, 112, 133, 154, 175];

interface Tally {
  peakApe: number[];
  hoursWithin: number;
  hours: number;
  /** Hours whose actual lies inside the P10–P90 interval. */
  hoursInBand: number;
}

/** `robust: false` measures the plain forecaster (the one before robust fitting) for comparison. */
export async function runNycTaxi(dataDir: string, robust = true, labelledHistory = false): Promise<Figure[]> {
  const nab = join(dataDir, 'nab');
  const { timesMs, values } = parseNabCsv(
    readFileSync(join(nab, 'data/realKnownCause/nyc_taxi.csv'), 'utf8'),
    'nyc_taxi',
  );
  const halfHourly = { startMs: timesMs[0] as number, stepMs: 1_800_000, values };
  const hourly = resample(halfHourly, HOUR_MS, 'sum');
  const windows = (
    JSON.parse(readFileSync(join(nab, 'labels/combined_windows.json'), 'utf8')) as Record<string, [string, string][]>
  )['realKnownCause/nyc_taxi.csv'];
  const inAnomaly = (ms: number) =>
    (windows ?? []).some(
      ([a, b]) => ms + HOUR_MS > parseNabTimestamp(a.slice(0, 19)) && ms <= parseNabTimestamp(b.slice(0, 19)),
    );

  const augurs = await loadAugurs();
  const all: Tally = { peakApe: [], hoursWithin: 0, hours: 0, hoursInBand: 0 };
  const clean: Tally = { peakApe: [], hoursWithin: 0, hours: 0, hoursInBand: 0 };
  const chosen: string[] = [];
  const t0 = performance.now();
  for (const day of ORIGIN_DAYS) {
    const origin = day * DAY_HOURS; // startMs is midnight, so origin is a midnight too
    let history = hourly.values.subarray(0, origin);
    if (labelledHistory) {
      // Labelled windows that began before the origin, as hour ranges clipped to the history: only
      // the training window is cleaned; labels of the test window never reach the forecast.
      const ranges: LabelledRange[] = [];
      for (const [a, b] of windows ?? []) {
        const from = Math.floor((parseNabTimestamp(a.slice(0, 19)) - hourly.startMs) / HOUR_MS);
        const to = Math.ceil((parseNabTimestamp(b.slice(0, 19)) - hourly.startMs) / HOUR_MS) + 1;
        if (from < origin) ranges.push({ from, to: Math.min(to, origin) });
      }
      history = replaceLabelledRanges(history, ranges, 7 * DAY_HOURS).values;
    }
    // The capacity forecast's own options (robust cleaning, debiased P50), as `headroom capacity` runs it.
    const f = forecastWithSelection(augurs, history, {
      ...CAPACITY_FORECAST_OPTIONS,
      seasons: [24, 168],
      robust,
      debias: robust,
      horizon: HORIZON_DAYS * DAY_HOURS,
    });
    chosen.push(f.model);
    for (let d = 0; d < HORIZON_DAYS; d++) {
      let actualPeak = 0;
      let forecastPeak = 0;
      let dayClean = true;
      for (let h = 0; h < DAY_HOURS; h++) {
        const i = d * DAY_HOURS + h;
        const actual = hourly.values[origin + i] as number;
        const yhat = f.yhat[i] as number;
        const ms = hourly.startMs + (origin + i) * HOUR_MS;
        const within = Math.abs(yhat - actual) <= 0.15 * actual ? 1 : 0;
        const inBand = actual >= (f.lo[i] as number) && actual <= (f.hi[i] as number) ? 1 : 0;
        all.hoursInBand += inBand;
        actualPeak = Math.max(actualPeak, actual);
        forecastPeak = Math.max(forecastPeak, yhat);
        all.hours++;
        all.hoursWithin += within;
        if (inAnomaly(ms)) dayClean = false;
        else {
          clean.hours++;
          clean.hoursWithin += within;
          clean.hoursInBand += inBand;
        }
      }
      const ape = (100 * Math.abs(forecastPeak - actualPeak)) / actualPeak;
      all.peakApe.push(ape);
      if (dayClean) clean.peakApe.push(ape);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const common = { origins: ORIGIN_DAYS.length, horizonDays: HORIZON_DAYS, models: chosen, robust, labelledHistory };
  const tag = labelledHistory ? '.labelled_history' : robust ? '' : '.plain';
  return [
    { bench: 'nyc_taxi.30d.daily_peak_mape', value: round(mean(all.peakApe), 2), unit: '%', ...common },
    { bench: 'nyc_taxi.30d.hours_within_15pct', value: round(all.hoursWithin / all.hours, 3), unit: 'share' },
    {
      bench: 'nyc_taxi.30d.daily_peak_mape.no_anomaly_windows',
      value: round(mean(clean.peakApe), 2),
      unit: '%',
      days: clean.peakApe.length,
    },
    {
      bench: 'nyc_taxi.30d.hours_within_15pct.no_anomaly_windows',
      value: round(clean.hoursWithin / clean.hours, 3),
      unit: 'share',
    },
    { bench: 'nyc_taxi.30d.p10_p90_coverage', value: round(all.hoursInBand / all.hours, 3), unit: 'share' },
    {
      bench: 'nyc_taxi.30d.p10_p90_coverage.no_anomaly_windows',
      value: round(clean.hoursInBand / clean.hours, 3),
      unit: 'share',
    },
    { bench: 'nyc_taxi.30d.seconds', value: round(seconds, 1), unit: 's' },
  ].map((f) => ({ ...f, bench: f.bench.replace('nyc_taxi.30d', `nyc_taxi.30d${tag}`) }));
}
