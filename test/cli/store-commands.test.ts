import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEMO, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'headroom-cli-store-'));

describe('sim, audit verify and capacity forecasts through the real binary', () => {
  const db = join(dir, 'sim.db');

  it('sim prints recommendations as they open, change and close, and writes them to the store', async () => {
    const r = await runCli(['sim', '--scenario', DEMO, '--minutes', '120', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const euWest = events.filter((e) => e.recommendation.workUnit === 'eu-west-1');
    expect(euWest.map((e) => e.event)).toContain('opened');
    expect(euWest.map((e) => e.event)).toContain('resolved');
    expect(euWest.filter((e) => e.event === 'opened')).toHaveLength(1);
    expect(euWest.some((e) => e.recommendation.verdict === 'failover')).toBe(true);
  });

  it('a second run from an earlier fleet time on the same store closes the later episode as expired and goes on', async () => {
    const again = join(dir, 'again.db');
    // 30 minutes: the demo's recommendation is still open when the first run ends
    const first = await runCli(['sim', '--scenario', DEMO, '--minutes', '30', '--db', again]);
    expect(first.code, first.stderr).toBe(0);
    const second = await runCli(['sim', '--scenario', DEMO, '--minutes', '30', '--db', again]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(
      /^Closed 1 open recommendation from a later fleet time than this run starts at \(an earlier run on the same database\) as expired: #1 eu-west-1\.$/m,
    );
    expect(second.stdout).toMatch(/eu-west-1/);
    expect(second.stdout).toMatch(/(\d+) recommendation events/);
    expect(Number(/(\d+) recommendation events/.exec(second.stdout)?.[1])).toBeGreaterThan(0);
    const verify = await runCli(['audit', 'verify', '--db', again]);
    expect(verify.code, verify.stdout).toBe(0);
  });

  it('audit verify passes on an untouched log and names the first tampered entry', async () => {
    const ok = await runCli(['audit', 'verify', '--db', db]);
    expect(ok.code, ok.stderr).toBe(0);
    const count = Number(/(\d+) entries verified/.exec(ok.stdout)?.[1]);
    expect(count).toBeGreaterThan(10);

    const raw = new Database(db);
    const triggers = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[];
    for (const t of triggers) raw.exec(`DROP TRIGGER "${t.name}"`);
    const table = (
      raw.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'audit%'").get() as { name: string }
    ).name;
    const cols = (raw.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    const payloadCol = cols.find((c) => c.includes('payload'))!;
    raw.prepare(`UPDATE ${table} SET ${payloadCol} = '{"forged":true}' WHERE seq = 5`).run();
    raw.close();

    const bad = await runCli(['audit', 'verify', '--db', db]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('BROKEN at entry 5');
  });

  it('audit verify refuses a store that does not exist', async () => {
    const r = await runCli(['audit', 'verify', '--db', join(dir, 'nope.db')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no store at');
    expect(existsSync(join(dir, 'nope.db'))).toBe(false);
  });

  it('capacity <wu> --horizon 90d --chart writes a PNG and reports daily peaks and the crossing date', async () => {
    const png = join(dir, 'chart.png');
    const r = await runCli([
      'capacity',
      'ap-south-1',
      '--horizon',
      '90d',
      '--chart',
      png,
      '--scenario',
      DEMO,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.forecast.dailyPeaks).toHaveLength(91); // today (observed so far joined with its forecast) and 90 more
    for (const p of out.forecast.dailyPeaks) expect(p.p90).toBeGreaterThanOrEqual(p.p50);
    expect(out.safeCapacity).toBeGreaterThan(0);
    expect(out.crossesAt === null || /^\d{4}-\d{2}-\d{2}$/.test(out.crossesAt)).toBe(true);
    if (out.crossesAt) {
      const crossing = out.forecast.dailyPeaks.find((p: { date: string }) => p.date === out.crossesAt);
      expect(crossing.p90).toBeGreaterThan(out.safeCapacity);
    }
    const meta = await sharp(readFileSync(png)).metadata();
    expect(meta.width).toBeGreaterThan(800);
  });

  it('capacity rejects a bad horizon', async () => {
    const r = await runCli(['capacity', 'ap-south-1', '--horizon', '45d']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--horizon must be 30d, 60d or 90d');
  });
});
