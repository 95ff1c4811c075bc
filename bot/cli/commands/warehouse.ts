import { resolve } from 'node:path';
import { HeadroomError } from '../../../analytics/errors.js';
import { loadFleetConfig } from '../../../tools/config/load-fleet.js';
import { SimulatedFleet } from '../../../tools/sim/index.js';
import { loadScenario } from '../../../tools/sim/scenario.js';
import { DuckDbWarehouse } from '../../../tools/warehouse/duckdb-warehouse.js';
import { findNamedQuery, NAMED_QUERIES } from '../../../tools/warehouse/named-queries.js';
import { exportSimulatedHistory } from '../../../tools/warehouse/sim-export.js';
import type { CliCommand } from '../command.js';
import { parseAtOption, parseCommandArgs, parseSeedOption } from '../options.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const warehouseExportCommand: CliCommand = {
  name: 'warehouse export',
  summary: "write the simulated fleet's hourly history (default two years) as Parquet or CSV for the warehouse",
  help: `Usage: headroom warehouse export --out DIR [--days N] [--format parquet|csv] [--at ISO] [options]

Writes DIR/hourly.parquet (or hourly.csv): one row per work unit and hour with load_rps, cpu,
memory, connections, error_rate and latency_p95_ms, for the N days (default 730) before --at
(default now), from the simulated fleet of --fleet with the faults of --scenario. Point the fleet
file's evidence.warehouse at it: { kind: duckdb, files: DIR/hourly.parquet }.

Options:
  --out DIR         folder to write into (created when missing)
  --days N          days of history, 1 to 1500 (default 730)
  --format F        parquet (default) or csv
  --fleet FILE, --scenario FILE, --seed N, --at ISO   as for the other commands

Example: headroom warehouse export --out data/warehouse --days 730`,
  async run(ctx) {
    const { values } = parseCommandArgs(
      ctx.argv,
      { out: { type: 'string' }, days: { type: 'string' }, format: { type: 'string' } },
      false,
    );
    if (!values.out) throw new HeadroomError('USAGE', '--out DIR is required: the folder hourly.parquet is written to');
    const days = values.days === undefined ? 730 : Number(values.days);
    if (!Number.isInteger(days) || days < 1 || days > 1_500)
      throw new HeadroomError('USAGE', `--days must be a whole number from 1 to 1500, not "${values.days}"`);
    const format = values.format ?? 'parquet';
    if (format !== 'parquet' && format !== 'csv')
      throw new HeadroomError('USAGE', `--format must be parquet or csv, not "${format}"`);
    const config = loadFleetConfig(values.fleet ?? ctx.env.HEADROOM_FLEET);
    const scenario = values.scenario ? loadScenario(values.scenario, config.fleet) : { seed: 1, faults: [] };
    const seed = values.seed === undefined ? scenario.seed : parseSeedOption(values.seed);
    const endMs = values.at ? parseAtOption(values.at) : Date.now();
    const sim = new SimulatedFleet(config.fleet, { seed, faults: scenario.faults });
    const started = Date.now();
    const result = await exportSimulatedHistory(sim, { endMs, days, dir: resolve(ctx.cwd, values.out), format });
    const summary = { file: result.file, rows: result.rows, days, units: sim.unitIds.length, ms: Date.now() - started };
    ctx.stdout.write(
      values.json
        ? `${JSON.stringify(summary)}\n`
        : `Wrote ${result.rows} hourly rows (${summary.units} units × ${days} days) to ${result.file} in ${summary.ms} ms.\n`,
    );
    return 0;
  },
};

export const warehouseQueryCommand: CliCommand = {
  name: 'warehouse query',
  summary: 'run one named warehouse query (daily peaks, monthly peaks, peak trend, week profile) over exported history',
  help: `Usage: headroom warehouse query NAME --files GLOB [--unit WU] [--from DAY] [--to DAY] [--horizon N] [--json]

Runs a named, read-only query with DuckDB over Parquet or CSV history (as written by
"headroom warehouse export"). Days are UTC, YYYY-MM-DD; --to defaults to yesterday, --from to a
year before --to.

Queries:
${NAMED_QUERIES.map((q) => `  ${q.name.padEnd(20)}${q.description} (${q.params.join(', ')})`).join('\n')}

Example: headroom warehouse query unit_daily_peaks --files data/warehouse/hourly.parquet --unit eu-west-1 --from 2026-02-01`,
  async run(ctx) {
    const { values, positionals } = parseCommandArgs(ctx.argv, {
      files: { type: 'string' },
      unit: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      horizon: { type: 'string' },
    });
    const name = positionals[0];
    const query = name ? findNamedQuery(name) : undefined;
    if (!query)
      throw new HeadroomError(
        'USAGE',
        `name one query: ${NAMED_QUERIES.map((q) => q.name).join(', ')}${name ? ` (not "${name}")` : ''}`,
      );
    if (positionals.length > 1)
      throw new HeadroomError('USAGE', `one query at a time (extra: ${positionals.slice(1).join(' ')})`);
    if (!values.files) throw new HeadroomError('USAGE', '--files GLOB is required: the hourly Parquet or CSV history');
    if (query.params.includes('workUnit') && !values.unit)
      throw new HeadroomError('USAGE', `${query.name} needs --unit WU`);
    for (const [flag, v] of [
      ['--from', values.from],
      ['--to', values.to],
    ] as const) {
      if (v !== undefined && !(DAY.test(v) && Number.isFinite(Date.parse(`${v}T00:00:00Z`))))
        throw new HeadroomError('USAGE', `${flag} must be a UTC day like 2026-02-01, not "${v}"`);
    }
    const horizon = values.horizon === undefined ? 90 : Number(values.horizon);
    if (!Number.isInteger(horizon) || horizon < 1 || horizon > 730)
      throw new HeadroomError('USAGE', `--horizon must be 1 to 730 days, not "${values.horizon}"`);
    const to = values.to ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const from = values.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
    const all: Record<string, string | number> = { workUnit: values.unit ?? '', from, to, horizonDays: horizon };
    let warehouse: DuckDbWarehouse;
    try {
      warehouse = await DuckDbWarehouse.open({ files: resolve(ctx.cwd, values.files) });
    } catch (err) {
      throw new HeadroomError('RUNTIME', `cannot open ${values.files}: ${(err as Error).message.split('\n')[0]}`);
    }
    try {
      const got = await warehouse.query(query.sql, Object.fromEntries(query.params.map((p) => [p, all[p]!])));
      if (got.status === 'unknown') throw new HeadroomError('RUNTIME', `${query.name}: ${got.reason}`);
      if (values.json) for (const row of got.value.rows) ctx.stdout.write(`${JSON.stringify(row)}\n`);
      else {
        ctx.stdout.write(`${got.value.columns.join('\t')}\n`);
        for (const row of got.value.rows)
          ctx.stdout.write(`${got.value.columns.map((c) => String(row[c] ?? '')).join('\t')}\n`);
        if (got.value.cut) ctx.stdout.write(`(${got.value.rows.length} rows shown: ${got.value.cut.reason})\n`);
      }
      return 0;
    } finally {
      warehouse.close();
    }
  },
};
