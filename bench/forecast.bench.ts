// Forecast benchmarks: M4 Hourly (sMAPE, MASE, OWA vs Naive2) and NAB nyc_taxi 30 days ahead.
// One JSON line per figure. Usage: npm run bench:forecast -- [--data DIR] [--workers N (default: os.availableParallelism())] [--only m4|nyc]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readM4Hourly } from './m4/m4-data.js';
import { defaultWorkers, forecastM4, scoreM4 } from './m4/m4-run.js';
import { runNycTaxi } from './m4/nyc-taxi.js';
import { emit, round } from './stats.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: resolve(import.meta.dirname, '../../shared/data') },
    workers: { type: 'string', default: String(defaultWorkers()) },
    only: { type: 'string' },
    models: { type: 'string' },
  },
});
const dataDir = values.data as string;
const models = values.models?.split(',');

if (values.only !== 'nyc') {
  const series = readM4Hourly(dataDir);
  const t0 = performance.now();
  const { results, cpuSeconds } = await forecastM4(series, Number(values.workers), models);
  const seconds = (performance.now() - t0) / 1000;
  const score = scoreM4(series, new Map(results.map((r) => [r.id, r.yhat])));
  const model = 'per-series backtest selection';
  const chosen: Record<string, number> = {};
  for (const r of results) chosen[r.model] = (chosen[r.model] ?? 0) + 1;
  emit({ bench: 'm4.hourly.owa', value: round(score.owa, 4), unit: 'ratio', model, series: series.length });
  emit({ bench: 'm4.hourly.smape', value: round(score.smape, 3), unit: '%', model });
  emit({ bench: 'm4.hourly.mase', value: round(score.mase, 4), unit: 'ratio', model });
  // P10–P90 coverage: of the 48 test hours, and held out in the backtests (goal 0.80 ± 0.05).
  let inside = 0;
  let hours = 0;
  let heldOut = 0;
  let judged = 0;
  for (const [k, r] of results.entries()) {
    (series[k]?.test ?? []).forEach((y, h) => {
      hours++;
      if (y >= (r.lo[h] as number) && y <= (r.hi[h] as number)) inside++;
    });
    if (Number.isFinite(r.coverage)) {
      heldOut += r.coverage;
      judged++;
    }
  }
  emit({ bench: 'm4.hourly.p10_p90_coverage', value: round(inside / hours, 3), unit: 'share', of: 'test horizon' });
  emit({
    bench: 'm4.hourly.p10_p90_coverage.backtest',
    value: round(heldOut / Math.max(1, judged), 3),
    unit: 'share',
    of: 'held-out backtest windows, mean over series',
  });
  emit({ bench: 'm4.hourly.naive2.smape', value: round(score.naive2.smape, 3), unit: '%' });
  emit({ bench: 'm4.hourly.naive2.mase', value: round(score.naive2.mase, 4), unit: 'ratio' });
  emit({
    bench: 'm4.hourly.seconds',
    value: round(seconds, 1),
    unit: 's',
    stat: 'wall',
    workers: Number(values.workers),
  });
  emit({ bench: 'm4.hourly.cpu_seconds', value: round(cpuSeconds, 1), unit: 's', stat: 'cpu, forecasting only' });
  emit({ bench: 'm4.hourly.models_chosen', value: results.length, unit: 'series', chosen });
}
if (values.only !== 'm4') {
  for (const figure of await runNycTaxi(dataDir)) emit(figure);
  // The same origins without robust fitting: what the cleaning and the debiased P50 change.
  for (const figure of await runNycTaxi(dataDir, false)) emit(figure);
  // Robust fitting plus NAB's labelled windows that began before each origin cleaned out of the
  // training history (never the test window's labels): what history cleaning of incidents buys.
  for (const figure of await runNycTaxi(dataDir, true, true)) emit(figure);
}
