// Writes the simulated fleet's hourly history as the warehouse reads it: CSV, or Parquet through
// DuckDB. Two years of the example fleet take a few seconds; a telemetry gap leaves empty cells.
import { once } from 'node:events';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { UnitMetric } from '../../analytics/types.js';
import type { SimulatedFleet } from '../sim/simulated-fleet.js';
import { HOURLY_COLUMNS } from './warehouse.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const METRICS: UnitMetric[] = ['load', 'cpu', 'memory', 'connections', 'errorRate', 'latencyP95'];
const DIGITS = [1, 4, 4, 0, 5, 1];

export interface ExportOptions {
  /** Exclusive end (an hour boundary is kept); history covers `days` before it. */
  endMs: number;
  days: number;
  dir: string;
  format: 'parquet' | 'csv';
}

/** Writes `hourly.csv` or `hourly.parquet` into dir; returns the file and the rows written. */
export async function exportSimulatedHistory(
  sim: SimulatedFleet,
  options: ExportOptions,
): Promise<{ file: string; rows: number }> {
  mkdirSync(options.dir, { recursive: true });
  const endMs = Math.floor(options.endMs / HOUR_MS) * HOUR_MS;
  const startMs = endMs - options.days * DAY_MS;
  const csv = join(options.dir, 'hourly.csv');
  const out = createWriteStream(csv);
  out.write(`${HOURLY_COLUMNS.join(',')}\n`);
  let rows = 0;
  // A month at a time keeps memory flat for long histories.
  for (let from = startMs; from < endMs; from += 30 * DAY_MS) {
    const to = Math.min(endMs, from + 30 * DAY_MS) - HOUR_MS;
    const series = METRICS.map((m) => sim.unitRange(m, { startMs: from, endMs: to, stepMs: HOUR_MS }));
    const count = Math.floor((to - from) / HOUR_MS) + 1;
    for (let i = 0; i < count; i++) {
      const hour = new Date(from + i * HOUR_MS).toISOString().replace('.000Z', 'Z');
      let chunk = '';
      for (const unit of sim.unitIds) {
        const cells = series.map((byUnit, m) => {
          const v = byUnit.get(unit)!.values[i]!;
          return Number.isFinite(v) ? v.toFixed(DIGITS[m]) : '';
        });
        chunk += `${hour},${unit},${cells.join(',')}\n`;
        rows++;
      }
      if (!out.write(chunk)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
  if (options.format === 'csv') return { file: csv, rows };
  const file = join(options.dir, 'hourly.parquet');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(
      `COPY (SELECT * FROM read_csv('${csv.replace(/'/g, "''")}', header = true, columns = {${COLUMN_TYPES}}) ORDER BY work_unit, hour)
       TO '${file.replace(/'/g, "''")}' (FORMAT parquet, COMPRESSION zstd)`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  rmSync(csv);
  return { file, rows };
}

const COLUMN_TYPES = [
  "'hour': 'TIMESTAMP'",
  "'work_unit': 'VARCHAR'",
  ...HOURLY_COLUMNS.slice(2).map((c) => `'${c}': 'DOUBLE'`),
].join(', ');
