// Runs the per-series forecaster over M4 Hourly in a pool of child processes and scores it as M4 does.
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { mase, naive2, smape } from '../../analytics/forecast/m4-metrics.js';
import type { M4Series } from './m4-data.js';

const WORKER_FILE = fileURLToPath(new URL('./m4-worker.ts', import.meta.url));

/** A batch of series for one worker; workers ask for the next batch when done (a shared queue). */
export interface M4Batch {
  series: M4Series[];
  models: string[] | undefined;
}
export interface M4BatchResult {
  results: M4Result[];
  cpuSeconds: number;
}
export interface M4Result {
  id: string;
  model: string;
  yhat: number[];
  /** P10 / P90 (the forecaster's default level 0.8). */
  lo: number[];
  hi: number[];
  /** The forecaster's held-out backtest coverage of P10–P90 (NaN without two windows). */
  coverage: number;
}
export interface M4Score {
  smape: number;
  mase: number;
  owa: number;
  naive2: { smape: number; mase: number };
}

/** Series per batch: small enough that the last batches finish together, large enough that IPC is noise. */
const BATCH = 6;

/** Default pool size: one worker per core the process may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/**
 * Forecasts every series in a pool of `workers` child processes fed from one queue, so a worker that
 * drew cheap series takes more of them (a fixed split left one core idle while the other finished).
 * Results come back in the order of `series`.
 */
export async function forecastM4(
  series: M4Series[],
  workers: number,
  models?: string[],
): Promise<{ results: M4Result[]; cpuSeconds: number }> {
  if (!(Number.isInteger(workers) && workers >= 1))
    throw new Error(`--workers must be a positive integer, got ${workers}`);
  const byId = new Map<string, M4Result>();
  let next = 0;
  let cpuSeconds = 0;
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      // Child processes rather than worker threads: Node 20 does not give tsx's hooks to workers.
      const child = fork(WORKER_FILE, [], { execArgv: ['--import', 'tsx'] });
      const feed = () => {
        if (next >= series.length) {
          child.disconnect();
          resolve();
          return;
        }
        const batch = series.slice(next, next + BATCH);
        next += batch.length;
        child.send({ series: batch, models } satisfies M4Batch);
      };
      child.on('message', (m: M4BatchResult | { ready: true }) => {
        if ('results' in m) {
          for (const r of m.results) byId.set(r.id, r);
          cpuSeconds += m.cpuSeconds;
        }
        feed();
      });
      child.once('error', reject);
      child.once('exit', (code) => code !== 0 && reject(new Error(`M4 worker exited with ${code}`)));
    });
  await Promise.all(Array.from({ length: Math.min(workers, series.length) }, runWorker));
  return { results: series.map((s) => byId.get(s.id) as M4Result), cpuSeconds };
}

/** Mean sMAPE and MASE (m = 24) over all series, and OWA relative to Naive2 on the same means. */
export function scoreM4(series: M4Series[], forecasts: Map<string, number[]>): M4Score {
  let s = 0;
  let m = 0;
  let ns = 0;
  let nm = 0;
  for (const x of series) {
    const f = forecasts.get(x.id);
    if (!f) throw new Error(`no forecast for ${x.id}`);
    // M4 scores non-negative forecasts: the organisers set negative ones to zero.
    const clipped = f.map((v) => Math.max(0, v));
    s += smape(x.test, clipped);
    m += mase(x.train, x.test, clipped, 24);
    const n2 = naive2(x.train, 48, 24);
    ns += smape(x.test, n2);
    nm += mase(x.train, x.test, n2, 24);
  }
  const k = series.length;
  return { smape: s / k, mase: m / k, owa: 0.5 * (s / ns + m / nm), naive2: { smape: ns / k, mase: nm / k } };
}
