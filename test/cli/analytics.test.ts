import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'headroom-analytics-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('headroom analytics (the real binary)', () => {
  const db = join(dir, 'store.db');

  it('refresh stores the set and its forecasts; status then answers from it and says so', async () => {
    const refresh = await runCli(['analytics', 'refresh', '--scenario', DEMO, '--db', db, '--json']);
    expect(refresh.code, refresh.stderr).toBe(0);
    const out = JSON.parse(refresh.stdout);
    expect(out.analytics).toMatchObject({ asOf: '2026-03-03T21:30:00.000Z', stale: false, source: 'computed' });
    expect(out.analytics.input).toEqual({
      from: '2026-01-27T21:30:00.000Z',
      to: '2026-03-03T21:30:00.000Z',
      stepMinutes: 5,
    });
    const kinds = out.forecasts.map((f: { kind: string }) => f.kind);
    expect(kinds.filter((k: string) => k === 'hourly-8d')).toHaveLength(7);
    expect(kinds.filter((k: string) => k === 'capacity-30d')).toHaveLength(7);

    const status = await runCli(['status', '--scenario', DEMO, '--db', db, '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).analytics).toMatchObject({ source: 'store', stale: false, ageHours: 0 });

    const show = await runCli(['analytics', 'show', '--db', db, '--json']);
    expect(show.code, show.stderr).toBe(0);
    const sets = JSON.parse(show.stdout);
    expect(sets).toHaveLength(1);
    expect(sets[0]).toMatchObject({ id: out.setId, asOf: '2026-03-03T21:30:00.000Z', codeVersion: expect.any(String) });
  });

  it('refuses a horizon it cannot fit, naming the ones it can', async () => {
    const r = await runCli(['analytics', 'refresh', '--scenario', DEMO, '--db', db, '--horizons', '30d,45d']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('headroom: --horizons takes 30d, 60d or 90d (comma-separated), not "45d"\n');
  });

  it('show on an empty store says there is nothing yet', async () => {
    const r = await runCli(['analytics', 'show', '--db', join(dir, 'empty.db')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('No pre-computed analytics stored yet.\n');
  });
});
