// npm run bench:evidence — figures of the evidence layer, one JSON line each:
// the log pattern summary over 100,000 lines; DuckDB over two years × 200 units of hourly history
// (one unit's daily peaks, goal ≤ 200 ms; the fleet's, goal ≤ 2 s); a bounded log search through
// the Loki adapter against the fake Loki, next to the same request made with plain fetch.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { type PatternLine, summarisePatterns } from '../analytics/log-patterns.js';
import { startFakeLoki, toLokiLines } from '../test/fakes/evidence/fake-loki.js';
import { loadFleetConfig } from '../tools/config/load-fleet.js';
import { SimulatedLogSource } from '../tools/sim/evidence/index.js';
import { SimulatedFleet } from '../tools/sim/index.js';
import type { LogLine } from '../tools/sources/evidence.js';
import { logqlFor } from '../tools/sources/loki/logql.js';
import { LokiLogSource } from '../tools/sources/loki/loki-log-source.js';
import { DuckDbWarehouse } from '../tools/warehouse/duckdb-warehouse.js';
import { findNamedQuery } from '../tools/warehouse/named-queries.js';
import { emit, percentile, round, timeRuns } from './stats.js';

const AT = Date.parse('2026-03-04T02:30:00Z');
const MINUTE = 60_000;

/** Lines of a unit with a bad release and a connection drop: real signatures, varied ids. */
async function simulatedLines(minutes: number): Promise<LogLine[]> {
  const fleet = loadFleetConfig().fleet;
  const sim = new SimulatedFleet(fleet, {
    seed: 11,
    faults: [
      {
        kind: 'deploy',
        workUnit: 'us-east-1',
        version: '9.9.9',
        service: 'checkout',
        startMs: AT - 60 * MINUTE,
        endMs: AT + 60 * MINUTE,
        magnitude: 0.15,
      },
      { kind: 'connection-drop', workUnit: 'us-east-1', startMs: AT - 30 * MINUTE, endMs: AT, magnitude: 0.5 },
    ],
  });
  const got = await new SimulatedLogSource(sim).search({
    workUnit: 'us-east-1',
    range: { startMs: AT - minutes * MINUTE, endMs: AT, stepMs: MINUTE },
    limit: 5_000,
  });
  if (got.status !== 'ok') throw new Error(got.reason);
  return got.value;
}

async function patternSummary() {
  const base = await simulatedLines(60);
  const scale = (n: number): PatternLine[] =>
    Array.from({ length: n }, (_, i) => {
      const l = base[i % base.length]!;
      return { ...l, timeMs: l.timeMs - Math.floor(i / base.length) * 3_600_000 };
    });
  const current = scale(100_000);
  // A day and a week earlier neither the bad release nor the resets had happened.
  const before = (l: PatternLine) => !l.message.includes('TypeError') && !/ECONNRESET|reset reason/.test(l.message);
  const dayBefore = scale(50_000).filter(before);
  const weekBefore = scale(50_000).filter(before);
  const runs = await timeRuns(() => summarisePatterns({ current, dayBefore, weekBefore }), 10, 2);
  const s = summarisePatterns({ current, dayBefore, weekBefore });
  emit({
    bench: 'log_pattern_summary_100k_lines',
    value: round(percentile(runs, 0.5), 1),
    unit: 'ms',
    stat: 'p50',
    max: round(Math.max(...runs), 1),
    lines: current.length + dayBefore.length + weekBefore.length,
    signatures: s.distinctSignatures,
    newSignatures: s.patterns.filter((p) => p.isNew).length,
  });
}

async function warehouse() {
  const dir = mkdtempSync(path.join(tmpdir(), 'headroom-bench-wh-'));
  const file = path.join(dir, 'hourly.parquet');
  try {
    const t0 = performance.now();
    const inst = await DuckDBInstance.create(':memory:');
    const c = await inst.connect();
    // Two years × 200 units of hourly history with a diurnal and weekly shape and slow growth.
    await c.run(`COPY (
      SELECT TIMESTAMP '2024-03-05 00:00:00' + INTERVAL (h) HOUR AS hour,
             'wu-' || lpad(CAST(u AS VARCHAR), 3, '0') AS work_unit,
             (1000 + 20 * u) * (1 + 0.0004 * h / 24) * (0.55 + 0.45 * sin(2 * pi() * ((h + u) % 24) / 24)) * (1 - 0.1 * ((h // 24) % 7 = 0)::INTEGER) AS load_rps,
             0.2 + 0.5 * random() AS cpu, 0.4 AS memory, 1000.0 AS connections, 0.002 AS error_rate, 120.0 AS latency_p95_ms
      FROM range(200) t(u), range(${730 * 24}) s(h) ORDER BY work_unit, hour
    ) TO '${file}' (FORMAT parquet, COMPRESSION zstd)`);
    c.closeSync();
    inst.closeSync();
    emit({
      bench: 'warehouse_build_2y_200_units',
      value: round(performance.now() - t0, 0),
      unit: 'ms',
      rows: 200 * 730 * 24,
    });
    const w = await DuckDbWarehouse.open({ files: file }, { maxRows: 5_000, timeoutMs: 60_000 });
    const params = { from: '2024-03-05', to: '2026-03-03' };
    for (const [name, extra, goal] of [
      ['unit_daily_peaks', { workUnit: 'wu-042' }, 200],
      ['fleet_daily_peaks', {}, 2_000],
    ] as const) {
      const q = findNamedQuery(name)!;
      let rows = 0;
      const runs = await timeRuns(
        async () => {
          const got = await w.query(q.sql, { ...params, ...extra });
          if (got.status !== 'ok') throw new Error(got.reason);
          rows = got.value.rows.length;
        },
        5,
        1,
      );
      emit({
        bench: `warehouse_${name}_2y_200_units`,
        value: round(percentile(runs, 0.5), 1),
        unit: 'ms',
        stat: 'p50',
        max: round(Math.max(...runs), 1),
        rows,
        goalMs: goal,
      });
    }
    w.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function lokiSearch() {
  const lines = await simulatedLines(240);
  const fake = await startFakeLoki(toLokiLines(lines));
  try {
    const labels = { workUnit: 'work_unit', service: 'service', level: 'level' };
    const source = new LokiLogSource(
      { baseUrl: fake.url, timeoutMs: 5_000, maxResponseBytes: 16 << 20, headers: {} },
      labels,
    );
    const query = {
      workUnit: 'us-east-1',
      range: { startMs: AT - 240 * MINUTE, endMs: AT, stepMs: MINUTE },
      limit: 100,
      minLevel: 'warn' as const,
    };
    const adapter = await timeRuns(() => source.search(query), 50, 5);
    const url = new URL(`${fake.url}/loki/api/v1/query_range`);
    url.searchParams.set('query', logqlFor(query, labels));
    url.searchParams.set('start', `${query.range.startMs}000000`);
    url.searchParams.set('end', `${query.range.endMs}999999`);
    url.searchParams.set('limit', '101');
    url.searchParams.set('direction', 'backward');
    const raw = await timeRuns(async () => (await fetch(url)).json(), 50, 5);
    emit({
      bench: 'loki_bounded_search_100_of_warn',
      value: round(percentile(adapter, 0.5) - percentile(raw, 0.5), 2),
      unit: 'ms',
      stat: 'adapter p50 − plain fetch p50',
      adapterP50: round(percentile(adapter, 0.5), 2),
      adapterP99: round(percentile(adapter, 0.99), 2),
      fetchP50: round(percentile(raw, 0.5), 2),
      linesInFake: lines.length,
    });
  } finally {
    await fake.close();
  }
}

await patternSummary();
await warehouse();
await lokiSearch();
