// headroom warehouse export / query through the real binary: the export is what the query reads.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('headroom warehouse', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'headroom-cli-wh-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports the simulated history and queries it', async () => {
    const exported = await runCli([
      'warehouse',
      'export',
      '--out',
      dir,
      '--days',
      '20',
      '--at',
      '2026-03-04T00:00:00Z',
      '--json',
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ rows: 20 * 24 * 7, days: 20, units: 7 });
    const peaks = await runCli([
      'warehouse',
      'query',
      'unit_daily_peaks',
      '--files',
      join(dir, 'hourly.parquet'),
      '--unit',
      'eu-west-1',
      '--from',
      '2026-03-01',
      '--to',
      '2026-03-03',
      '--json',
    ]);
    expect(peaks.code, peaks.stderr).toBe(0);
    const rows = peaks.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.day)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(rows[0].peak_rps).toBeGreaterThan(1000);
  });

  it('says what is wrong with its arguments', async () => {
    const noOut = await runCli(['warehouse', 'export']);
    expect([noOut.code, noOut.stderr]).toEqual([1, expect.stringContaining('--out DIR is required')]);
    const badName = await runCli(['warehouse', 'query', 'drop_all', '--files', 'x.parquet']);
    expect(badName.stderr).toContain('name one query: unit_daily_peaks');
    const noUnit = await runCli(['warehouse', 'query', 'unit_daily_peaks', '--files', 'x.parquet']);
    expect(noUnit.stderr).toContain('unit_daily_peaks needs --unit WU');
    const missing = await runCli(['warehouse', 'query', 'fleet_daily_peaks', '--files', join(dir, 'none.parquet')]);
    expect(missing.code).toBe(2);
    const help = await runCli(['warehouse', 'export', '--help']);
    expect(help.stdout).toContain('Usage: headroom warehouse export --out DIR');
  });
});
