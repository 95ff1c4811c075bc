// A Prometheus exporter of the simulated fleet (prom-client): every scrape reports each unit's
// metrics at the clock's current instant. Used by the live-scrape tests and the demo set-up.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gauge, Registry } from 'prom-client';
import { UNIT_METRICS } from '../../analytics/types.js';
import type { SimulatedFleet } from '../sim/simulated-fleet.js';
import { METRIC_NAMES } from './queries.js';

export interface SimExporterOptions {
  sim: SimulatedFleet;
  /** Fleet time of a scrape (wall clock by default). */
  now?: () => number;
  host?: string;
  port?: number;
  labels?: { unit: string; region: string };
}

export interface SimExporter {
  url: string;
  /** Units whose samples are withheld (as if their exporter were down). */
  silenced: Set<string>;
  scrapes: number;
  close(): Promise<void>;
}

export async function startSimExporter(options: SimExporterOptions): Promise<SimExporter> {
  const { sim } = options;
  const now = options.now ?? Date.now;
  const labels = options.labels ?? { unit: 'work_unit', region: 'client_region' };
  const registry = new Registry();
  const silenced = new Set<string>();
  const state = { scrapes: 0 };

  for (const metric of UNIT_METRICS) {
    new Gauge({
      name: METRIC_NAMES[metric],
      help: `simulated ${metric} per work unit`,
      labelNames: [labels.unit],
      registers: [registry],
      collect() {
        this.reset();
        const at = now();
        for (const unit of sim.unitIds) {
          const v = sim.value(unit, metric, at);
          if (!silenced.has(unit) && !Number.isNaN(v)) this.set({ [labels.unit]: unit }, v);
        }
      },
    });
  }
  new Gauge({
    name: METRIC_NAMES.regionLoad,
    help: 'simulated load per client region and work unit',
    labelNames: [labels.region, labels.unit],
    registers: [registry],
    collect() {
      this.reset();
      const at = now();
      for (const [region, byUnit] of sim.regionLoadRange({ startMs: at, endMs: at, stepMs: 60_000 })) {
        for (const [unit, series] of byUnit) {
          const v = series.values[0]!;
          if (!silenced.has(unit) && !Number.isNaN(v)) this.set({ [labels.region]: region, [labels.unit]: unit }, v);
        }
      }
    },
  });

  const server = http.createServer(async (req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    state.scrapes++;
    res.writeHead(200, { 'content-type': registry.contentType });
    res.end(await registry.metrics());
  });
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}/metrics`,
    silenced,
    get scrapes() {
      return state.scrapes;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
