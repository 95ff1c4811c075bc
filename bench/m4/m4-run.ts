// Runs the per-series forecaster over M4 Hourly in child processes and scores it as M4 does.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mase, naive2, smape } from '../../analytics/forecast/m4-metrics.js';
import type { M4Series } from './m4-data.js';

const WORKER_FILE = fileURLToPath(new URL('./m4-worker.ts', import.meta.url));

export interface M4Job {
  series: M4Series[];
  models: string[] | undefined;
}
export interface M4Result {
  id: string;
  model: string;
  yhat: number[];
}
export interface M4Score {
  smape: number;
  mase: number;
  owa: number;
  naive2: { smape: number; mase: number };
}

export async function forecastM4(
  series: M4Series[],
  workers: number,
  models?: string[],
): Promise<{ results: M4Result[]; cpuSeconds: number }> {
  const shares: M4Series[][] = Array.from({ length: workers }, () => []);
  series.forEach((s, i) => {
    shares[i % workers]?.push(s);
  });
  const outs = await Promise.all(
    shares.map(
      (share) =>
        new Promise<{ results: M4Result[]; cpuSeconds: number }>((resolve, reject) => {
          // Child processes rather than worker threads: Node 20 does not give tsx's hooks to workers.
          const child = fork(WORKER_FILE, [], { execArgv: ['--import', 'tsx'] });
          child.send({ series: share, models } satisfies M4Job);
          child.once('message', (m) => {
            resolve(m as { results: M4Result[]; cpuSeconds: number });
            child.disconnect();
          });
          child.once('error', reject);
          child.once('exit', (code) => code !== 0 && reject(new Error(`M4 worker exited with ${code}`)));
        }),
    ),
  );
  return {
    results: outs.flatMap((o) => o.results),
    cpuSeconds: outs.reduce((a, o) => a + o.cpuSeconds, 0),
  };
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
