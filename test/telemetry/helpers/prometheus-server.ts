// A real Prometheus on 127.0.0.1 with a temporary data directory, optionally backfilled with the
// simulated fleet's history through promtool, optionally scraping live targets.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TimeRange } from '../../../analytics/types.js';
import { type BackfillStats, writeSimulatedOpenMetrics } from '../../../tools/prometheus/sim-openmetrics.js';
import type { SimulatedFleet } from '../../../tools/sim/simulated-fleet.js';
import { requireBinary } from './binaries.js';
import { freePort, run, startDaemon, waitReady } from './processes.js';

export interface PrometheusServer {
  url: string;
  dataDir: string;
  backfill?: BackfillStats & { writeMs: number; promtoolMs: number };
  stop(): Promise<void>;
}

export interface PrometheusServerOptions {
  /** History to backfill before start. */
  backfill?: { sim: SimulatedFleet; range: TimeRange };
  /** host:port targets scraped at /metrics. */
  scrapeTargets?: string[];
  scrapeIntervalSeconds?: number;
  /** Extra config text appended to prometheus.yml (rule_files, alerting…). */
  extraConfig?: string;
  extraFlags?: string[];
}

export async function startPrometheus(options: PrometheusServerOptions = {}): Promise<PrometheusServer> {
  const prometheus = requireBinary('prometheus');
  const root = mkdtempSync(path.join(tmpdir(), 'headroom-prom-'));
  const dataDir = path.join(root, 'data');
  let backfill: PrometheusServer['backfill'];
  if (options.backfill) {
    const promtool = requireBinary('promtool');
    const file = path.join(root, 'history.om');
    const t0 = performance.now();
    const stats = await writeSimulatedOpenMetrics(options.backfill.sim, options.backfill.range, file);
    const t1 = performance.now();
    // One block per 10 days: without the flag promtool writes a block per 2 h and is slow.
    const res = await run(promtool, [
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      '--max-block-duration=240h',
      file,
      dataDir,
    ]);
    if (res.code !== 0) {
      rmSync(root, { recursive: true, force: true });
      throw new Error(`promtool backfill failed (${res.code}):\n${res.output.slice(-4000)}`);
    }
    rmSync(file);
    backfill = { ...stats, writeMs: t1 - t0, promtoolMs: performance.now() - t1 };
  }
  const interval = options.scrapeIntervalSeconds ?? 1;
  const scrape = (options.scrapeTargets ?? []).length
    ? `scrape_configs:\n  - job_name: sim\n    scrape_interval: ${interval}s\n    scrape_timeout: ${interval}s\n    static_configs:\n      - targets: [${options.scrapeTargets!.map((t) => `'${t}'`).join(', ')}]\n`
    : '';
  const configFile = path.join(root, 'prometheus.yml');
  writeFileSync(
    configFile,
    `global:\n  scrape_interval: ${interval}s\n  evaluation_interval: ${interval}s\n${scrape}${options.extraConfig ?? ''}`,
  );
  const port = await freePort();
  const daemon = startDaemon(prometheus, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${dataDir}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // The default 15 d retention would delete the backfilled history at start.
    '--storage.tsdb.retention.time=400d',
    ...(options.extraFlags ?? []),
  ]);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${url}/-/ready`, daemon, 60_000);
  } catch (err) {
    await daemon.stop();
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  const server: PrometheusServer = {
    url,
    dataDir,
    async stop() {
      await daemon.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
  if (backfill) server.backfill = backfill;
  return server;
}
