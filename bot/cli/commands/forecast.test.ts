import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { forecastCommand } from './forecast.js';

const dir = mkdtempSync(join(tmpdir(), 'headroom-forecast-'));

function csvOf(hours: number, stepMinutes = 60): string {
  const lines = ['timestamp,value'];
  for (let i = 0; i < (hours * 60) / stepMinutes; i++) {
    const ms = Date.UTC(2024, 0, 1) + i * stepMinutes * 60_000;
    const h = (i * stepMinutes) / 60;
    lines.push(`${new Date(ms).toISOString()},${(100 + 30 * Math.sin((2 * Math.PI * h) / 24)).toFixed(3)}`);
  }
  return `${lines.join('\n')}\n`;
}

async function runCli(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => {
    out += d;
  });
  stderr.on('data', (d) => {
    err += d;
  });
  const code = await forecastCommand.run({ argv, stdout, stderr, env: {}, cwd: dir });
  return { code, out, err };
}

describe('headroom forecast', () => {
  it('prints the model and hourly points with intervals as JSON', async () => {
    writeFileSync(join(dir, 'half-hourly.csv'), csvOf(24 * 21, 30));
    const { code, out } = await runCli(['--input', 'half-hourly.csv', '--horizon', '2d', '--agg', 'mean', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as { model: string; points: { t: string; yhat: number; lo: number; hi: number }[] };
    expect(typeof json.model).toBe('string');
    expect(json.points).toHaveLength(48);
    expect(json.points[0]?.t).toBe('2024-01-22T00:00:00.000Z');
    const p = json.points[20] as { yhat: number; lo: number; hi: number };
    expect(p.lo).toBeLessThanOrEqual(p.yhat);
    expect(p.hi).toBeGreaterThanOrEqual(p.yhat);
    expect(Math.abs(p.yhat - (100 + 30 * Math.sin((2 * Math.PI * 20) / 24)))).toBeLessThan(3);
  });

  it('names the line of a bad row (exit 1)', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,lots\n');
    const { code, err } = await runCli(['--input', 'bad.csv', '--json']);
    expect(code).toBe(1);
    expect(err).toMatch(/bad\.csv: line 3: value "lots" is not a number/);
  });

  it('says the minimum length for a series too short (exit 1)', async () => {
    writeFileSync(join(dir, 'short.csv'), csvOf(30));
    const { code, err } = await runCli(['--input', 'short.csv']);
    expect(code).toBe(1);
    expect(err).toMatch(/short\.csv: series too short.*minimum is 48/);
  });

  it('--models widens or narrows the pool the backtest chooses from (Prophet only when asked)', async () => {
    writeFileSync(join(dir, 'pool.csv'), csvOf(24 * 21));
    const pooled = await runCli(['--input', 'pool.csv', '--horizon', '24', '--models', 'snaive-day,prophet', '--json']);
    expect(pooled.code, pooled.err).toBe(0);
    const json = JSON.parse(pooled.out) as { model: string; backtest: Record<string, number> };
    expect(Object.keys(json.backtest).sort()).toEqual(['prophet', 'snaive-day']);
    expect(['prophet', 'snaive-day']).toContain(json.model);
    const plain = JSON.parse((await runCli(['--input', 'pool.csv', '--horizon', '24', '--json'])).out) as {
      backtest: Record<string, number>;
    };
    expect(Object.keys(plain.backtest)).not.toContain('prophet');
    const bad = await runCli(['--input', 'pool.csv', '--models', 'default,arima']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--models: no model "arima"; choose from default, snaive-day, /);
  });

  it('rejects unknown options and a bad --agg as usage errors, and prints --help', async () => {
    expect((await runCli(['--input', 'x.csv', '--frobnicate'])).code).toBe(1);
    expect((await runCli(['--input', 'x.csv', '--agg', 'median'])).err).toMatch(/--agg must be sum, mean or max/);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/Usage: headroom forecast --input FILE.csv/);
  });
});
