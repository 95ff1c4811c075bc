// The DuckDB warehouse over the simulated fleet's export: named queries agree with the simulation,
// Parquet and CSV alike; only single SELECTs run; parameters are bound; rows, bytes and time are capped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryWarehouseTool } from '../../tools/registry/tools/query-warehouse.js';
import type { ToolDeps } from '../../tools/registry/types.js';
import { SimulatedFleet } from '../../tools/sim/index.js';
import { exampleFleet } from '../../tools/sim/test-fixtures.js';
import { DuckDbWarehouse } from '../../tools/warehouse/duckdb-warehouse.js';
import { findNamedQuery } from '../../tools/warehouse/named-queries.js';
import { exportSimulatedHistory } from '../../tools/warehouse/sim-export.js';
import { callFail, callOk } from '../tools/helpers/tool-fixture.js';

const END = Date.parse('2026-03-04T00:00:00Z');
const DAYS = 40;
const HOUR = 3_600_000;

describe('DuckDB warehouse', () => {
  let dir: string;
  let sim: SimulatedFleet;
  let parquet: DuckDbWarehouse;
  let csv: DuckDbWarehouse;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'headroom-wh-'));
    sim = new SimulatedFleet(exampleFleet, { seed: 3 });
    const p = await exportSimulatedHistory(sim, { endMs: END, days: DAYS, dir: join(dir, 'p'), format: 'parquet' });
    const c = await exportSimulatedHistory(sim, { endMs: END, days: DAYS, dir: join(dir, 'c'), format: 'csv' });
    expect(p.rows).toBe(DAYS * 24 * exampleFleet.workUnits.length);
    parquet = await DuckDbWarehouse.open({ files: p.file });
    csv = await DuckDbWarehouse.open({ files: c.file });
  }, 60_000);
  afterAll(() => {
    parquet?.close();
    csv?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (w: DuckDbWarehouse, name: string, params: Record<string, string | number>) =>
    w.query(findNamedQuery(name)!.sql, params);

  it('unit_daily_peaks: the simulation’s hourly maximum per day, from Parquet and from CSV', async () => {
    const got = await run(parquet, 'unit_daily_peaks', { workUnit: 'eu-west-1', from: '2026-02-20', to: '2026-02-22' });
    if (got.status !== 'ok') throw new Error(got.reason);
    const series = sim
      .unitRange('load', {
        startMs: Date.parse('2026-02-20T00:00:00Z'),
        endMs: Date.parse('2026-02-22T23:00:00Z'),
        stepMs: HOUR,
      })
      .get('eu-west-1')!;
    const expected = [0, 1, 2].map((d) => {
      const day = Array.from(series.values.slice(d * 24, d * 24 + 24));
      const peak = Math.max(...day);
      return {
        day: `2026-02-${20 + d}`,
        peak_rps: Math.round(peak * 10) / 10,
        peak_at: `2026-02-${20 + d}T${String(day.indexOf(peak)).padStart(2, '0')}:00:00Z`,
      };
    });
    expect(got.value.rows.map(({ day, peak_rps, peak_at }) => ({ day, peak_rps, peak_at }))).toEqual(expected);
    expect(await run(csv, 'unit_daily_peaks', { workUnit: 'eu-west-1', from: '2026-02-20', to: '2026-02-22' })).toEqual(
      got,
    );
  });

  it('fleet_daily_peaks: the peak of the summed load', async () => {
    const got = await run(parquet, 'fleet_daily_peaks', { from: '2026-02-21', to: '2026-02-21' });
    if (got.status !== 'ok') throw new Error(got.reason);
    const start = Date.parse('2026-02-21T00:00:00Z');
    const loads = sim.unitRange('load', { startMs: start, endMs: start + 23 * HOUR, stepMs: HOUR });
    const totals = Array.from({ length: 24 }, (_, h) =>
      [...loads.values()].reduce((s, x) => s + Number(x.values[h]!.toFixed(1)), 0),
    );
    expect(got.value.rows[0]!.peak_rps).toBeCloseTo(Math.max(...totals), 0);
  });

  it('unit_peak_trend and unit_monthly_peaks answer from the same history', async () => {
    const trend = await run(parquet, 'unit_peak_trend', {
      workUnit: 'us-east-1',
      from: '2026-01-23',
      to: '2026-03-03',
      horizonDays: 30,
    });
    expect(trend.status === 'ok' && trend.value.rows[0]).toMatchObject({
      days: 40,
      growth_rps_per_day: expect.any(Number),
      projected_peak_rps: expect.any(Number),
    });
    const monthly = await run(parquet, 'unit_monthly_peaks', {
      workUnit: 'us-east-1',
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(monthly.status === 'ok' && monthly.value.rows).toEqual([
      expect.objectContaining({ month: '2026-02', days: 28 }),
    ]);
  });

  it('binds parameters: an injection attempt is just a unit name that matches nothing', async () => {
    const got = await run(parquet, 'unit_daily_peaks', {
      workUnit: "x' OR 1=1 --",
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(got).toEqual({ status: 'ok', value: { columns: ['day', 'peak_rps', 'peak_at', 'peak_cpu'], rows: [] } });
  });

  it('runs only single SELECT statements and reads nothing outside its folder', async () => {
    for (const [sql, reason] of [
      ['DROP VIEW hourly', 'only SELECT queries are run (this one is DROP)'],
      ["COPY hourly TO '/tmp/out.csv'", /only SELECT queries are run \(this one is COPY\)|Permission Error/],
      ['CREATE TABLE t AS SELECT 1', 'only SELECT queries are run (this one is CREATE)'],
      ["ATTACH '/tmp/other.duckdb'", /only SELECT queries are run \(this one is ATTACH\)|Permission Error/],
      ['SET enable_external_access = true', 'only SELECT queries are run (this one is SET)'],
      ['SELECT 1; DROP VIEW hourly', 'one statement at a time (got 2)'],
    ] as const) {
      expect(await parquet.query(sql, {})).toMatchObject({
        status: 'unknown',
        reason: typeof reason === 'string' ? reason : expect.stringMatching(reason),
      });
    }
    expect(await parquet.query("SELECT * FROM read_csv('/etc/passwd')", {})).toMatchObject({
      status: 'unknown',
      reason: expect.stringContaining('Permission Error'),
    });
    expect(await parquet.query('SELECT count(*) AS n FROM hourly', {})).toMatchObject({ status: 'ok' });
  });

  it('caps rows, bytes and time, saying what was cut', async () => {
    const rows = await parquet.query('SELECT * FROM hourly', {}, { maxRows: 10 });
    expect(rows.status === 'ok' && [rows.value.rows.length, rows.value.cut]).toEqual([
      10,
      { shown: 10, reason: 'more than 10 rows' },
    ]);
    const bytes = await parquet.query('SELECT * FROM hourly', {}, { maxBytes: 2_000 });
    expect(bytes.status === 'ok' && bytes.value.cut?.reason).toBe('rows beyond 2000 bytes');
    const slow = await parquet.query('SELECT count(*) FROM range(3000000000) a(i), hourly', {}, { timeoutMs: 200 });
    expect(slow).toMatchObject({ status: 'unknown', reason: 'query interrupted after 200 ms' });
    expect(await parquet.query('SELECT 1 AS one', {})).toMatchObject({ status: 'ok', value: { rows: [{ one: 1 }] } });
  });

  it('opens a DuckDB database file read-only: even a SELECT that would write fails', async () => {
    const file = join(dir, 'wh.duckdb');
    const inst = await DuckDBInstance.create(file);
    const c = await inst.connect();
    await c.run('CREATE SEQUENCE s; CREATE TABLE hourly AS SELECT 1 AS x');
    c.closeSync();
    inst.closeSync();
    const w = await DuckDbWarehouse.open({ database: file });
    try {
      expect(await w.query('SELECT x FROM hourly', {})).toMatchObject({ status: 'ok', value: { rows: [{ x: 1 }] } });
      expect(await w.query("SELECT nextval('s')", {})).toMatchObject({
        status: 'unknown',
        reason: expect.stringMatching(/read-only/i),
      });
    } finally {
      w.close();
    }
  });

  describe('query_warehouse tool', () => {
    const deps = () => ({ now: () => END, fleet: () => exampleFleet, warehouse: parquet }) as unknown as ToolDeps;

    it('answers a named query with its parameters and the default range', async () => {
      const got = await callOk(deps(), queryWarehouseTool, { query: 'unit_week_profile', workUnit: 'eu-west-1' });
      expect(got).toMatchObject({
        query: 'unit_week_profile',
        backend: 'duckdb',
        params: { workUnit: 'eu-west-1', from: '2025-03-04', to: '2026-03-03' },
        shown: 168,
      });
    });

    it('refuses what it cannot answer, saying what to do', async () => {
      expect(await callFail(deps(), 'query_warehouse', { query: 'drop_everything' })).toMatchObject({
        code: 'INVALID_ARGUMENTS',
      });
      expect(await callFail(deps(), 'query_warehouse', { query: 'unit_daily_peaks' })).toMatchObject({
        code: 'INVALID_ARGUMENTS',
        message: 'unit_daily_peaks needs a workUnit',
      });
      expect(
        await callFail(deps(), 'query_warehouse', { query: 'unit_daily_peaks', workUnit: 'mars-1' }),
      ).toMatchObject({ code: 'UNKNOWN_WORK_UNIT' });
      expect(
        await callFail(deps(), 'query_warehouse', { query: 'fleet_daily_peaks', from: '2020-01-01', to: '2020-01-31' }),
      ).toMatchObject({ code: 'NO_DATA' });
      expect(
        await callFail(deps(), 'query_warehouse', { query: 'fleet_daily_peaks', from: '2026-02-02', to: '2026-02-01' }),
      ).toMatchObject({ code: 'BAD_RANGE' });
      const none = { ...deps(), warehouse: undefined } as ToolDeps;
      expect(await callFail(none, 'query_warehouse', { query: 'fleet_daily_peaks' })).toMatchObject({
        code: 'UNAVAILABLE',
      });
    });
  });
});
