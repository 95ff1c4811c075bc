// The simulated fleet's history as OpenMetrics text, for `promtool tsdb create-blocks-from
// openmetrics`: the same metric names and labels as the live exporter, so a backfilled Prometheus
// answers the default queries exactly as the simulation would.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { type TimeRange, UNIT_METRICS } from '../../analytics/types.js';
import type { SimulatedFleet } from '../sim/simulated-fleet.js';
import { METRIC_NAMES } from './queries.js';

export interface BackfillLabels {
  unit: string;
  region: string;
}

export interface BackfillStats {
  samples: number;
  series: number;
  bytes: number;
}

const FLUSH_CHARS = 1 << 20;

/** Writes every unit metric and the per-region load over `range`; samples in telemetry gaps are left out. */
export async function writeSimulatedOpenMetrics(
  sim: SimulatedFleet,
  range: TimeRange,
  file: string,
  labels: BackfillLabels = { unit: 'work_unit', region: 'client_region' },
): Promise<BackfillStats> {
  const out = createWriteStream(file);
  const stats: BackfillStats = { samples: 0, series: 0, bytes: 0 };
  let buffer = '';
  const flush = async (force = false) => {
    if (buffer.length < FLUSH_CHARS && !force) return;
    stats.bytes += Buffer.byteLength(buffer);
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  };
  const writeSeries = async (name: string, labelText: string, values: Float64Array) => {
    stats.series++;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      const seconds = (range.startMs + i * range.stepMs) / 1000;
      buffer += `${name}{${labelText}} ${v} ${seconds}\n`;
      stats.samples++;
      if (buffer.length >= FLUSH_CHARS) await flush();
    }
  };

  for (const metric of UNIT_METRICS) {
    const name = METRIC_NAMES[metric];
    buffer += `# TYPE ${name} gauge\n`;
    for (const [unit, series] of sim.unitRange(metric, range)) {
      await writeSeries(name, `${labels.unit}="${unit}"`, series.values);
    }
  }
  const regionName = METRIC_NAMES.regionLoad;
  buffer += `# TYPE ${regionName} gauge\n`;
  for (const [region, byUnit] of sim.regionLoadRange(range)) {
    for (const [unit, series] of byUnit) {
      await writeSeries(regionName, `${labels.region}="${region}",${labels.unit}="${unit}"`, series.values);
    }
  }
  buffer += '# EOF\n';
  await flush(true);
  out.end();
  await once(out, 'finish');
  return stats;
}
