import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../../bot/app/runtime.js';
import { Core } from '../../bot/core/core.js';
import { evaluateFleet } from '../../bot/core/evaluate.js';
import { failoverReport } from '../../bot/core/failover.js';
import { analyticsAgeNote } from '../../bot/format/analytics-age.js';
import { failoverJson, statusJson } from '../../bot/format/json.js';
import { readCapacityForecast } from '../../bot/precomputed/forecasts.js';
import type { MetricsSource } from '../../tools/sources/types.js';
import { DEMO } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'headroom-precomputed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DAY_MS = 86_400_000;

async function runtimeOn(db: string, seed?: string): Promise<Runtime> {
  return openRuntime({ scenario: DEMO, historyDays: 21, analyticsStore: db, ...(seed ? { seed } : {}) }, {});
}

/** The same sources, except that reading history fails (from the given call on). */
function historyFailing(metrics: MetricsSource, what: 'unitRange' | 'regionLoadRange'): MetricsSource {
  return new Proxy(metrics, {
    get(target, prop, receiver) {
      if (prop === what) return async () => Promise.reject(new Error('metrics store down (test)'));
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function rows(db: string, sql: string): Record<string, unknown>[] {
  const raw = new Database(db);
  try {
    return raw.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    raw.close();
  }
}

describe('pre-computed analytics in the store', () => {
  const db = join(dir, 'warm.db');

  it('a second process answers from the stored set without reading history, with the same figures', async () => {
    const first = await runtimeOn(db);
    const status1 = await evaluateFleet(first.core, first.atMs);
    const plan1 = await failoverReport(first.core, 'eu-west-1', first.atMs);
    expect(first.core.analyticsAge(first.atMs)?.source).toBe('computed');
    first.close();

    const second = await runtimeOn(db);
    // history is never read again: a metrics source that cannot serve it still answers
    const core = new Core({ ...second.core.deps, metrics: historyFailing(second.core.deps.metrics, 'unitRange') });
    const status2 = await evaluateFleet(core, second.atMs);
    const plan2 = await failoverReport(core, 'eu-west-1', second.atMs);
    const age = core.analyticsAge(second.atMs)!;
    expect(age).toMatchObject({ source: 'store', stale: false, asOfMs: first.atMs, codeVersion: expect.any(String) });
    expect(age.inputRange).toEqual({
      startMs: age.inputRange.endMs - 21 * DAY_MS,
      endMs: age.inputRange.endMs,
      stepMs: 300_000,
    });
    expect(core.historyRefreshFailure).toBeUndefined();
    expect(statusJson(status2)).toEqual(statusJson(status1));
    expect(failoverJson(plan2)).toEqual(failoverJson(plan1));
    second.close();
  });

  it('stores a capacity forecast once per set, with its model and input range, and reads it back', async () => {
    const a = await runtimeOn(db);
    const fitted = await readCapacityForecast(a.core, 'eu-west-1', a.atMs, 30);
    a.close();
    const b = await runtimeOn(db);
    const read = await readCapacityForecast(b.core, 'eu-west-1', b.atMs, 30);
    b.close();
    expect(fitted.provenance.source).toBe('computed');
    expect(read.provenance).toEqual({ ...fitted.provenance, source: 'store' });
    expect(read.forecast).toEqual(fitted.forecast);
    const stored = rows(db, "SELECT model, input_end_ms FROM precomputed_forecasts WHERE kind = 'capacity-30d'");
    expect(stored).toEqual([{ model: fitted.forecast.model, input_end_ms: fitted.provenance.inputRange.endMs }]);
  });

  it('a corrupt set is not trusted: it is dropped and recomputed', async () => {
    const raw = new Database(db);
    raw.prepare("UPDATE precomputed_sets SET payload = X'00ff00ff'").run();
    raw.close();
    const rt = await runtimeOn(db);
    await evaluateFleet(rt.core, rt.atMs);
    expect(rt.core.analyticsAge(rt.atMs)?.source).toBe('computed');
    expect(rt.precomputed!.skipped.map((s) => s.reason)).toEqual(['checksum does not match the payload']);
    rt.close();
    expect(rows(db, 'SELECT count(*) AS n FROM precomputed_sets')).toEqual([{ n: 1 }]);
  });

  it('a set from another code version or another fleet is recomputed, not used', async () => {
    const raw = new Database(db);
    raw.prepare("UPDATE precomputed_sets SET code_version = 'headroom-0.0.1/analytics-0'").run();
    raw.close();
    const rt = await runtimeOn(db);
    await evaluateFleet(rt.core, rt.atMs);
    expect(rt.core.analyticsAge(rt.atMs)?.source).toBe('computed');
    rt.close();
    // the old version's set was replaced, not kept beside the new one
    expect(rows(db, 'SELECT code_version FROM precomputed_sets').map((r) => r.code_version)).not.toContain(
      'headroom-0.0.1/analytics-0',
    );
    const other = await runtimeOn(db, '4242'); // another seed: another simulated history
    await evaluateFleet(other.core, other.atMs);
    expect(other.core.analyticsAge(other.atMs)?.source).toBe('computed');
    other.close();
    expect(rows(db, 'SELECT count(DISTINCT fingerprint) AS n FROM precomputed_sets')).toEqual([{ n: 2 }]);
  });

  it('a refresh that fails half-way stores nothing; the previous set serves, and answers say how old it is', async () => {
    const before = rows(db, 'SELECT id, as_of_ms FROM precomputed_sets ORDER BY id');
    const rt = await runtimeOn(db);
    // unit history reads fine, the client-region read after it fails
    const core = new Core({ ...rt.core.deps, metrics: historyFailing(rt.core.deps.metrics, 'regionLoadRange') });
    await expect(core.refresh(rt.atMs + 2 * DAY_MS)).rejects.toThrow('metrics store down (test)');
    expect(rows(db, 'SELECT id, as_of_ms FROM precomputed_sets ORDER BY id')).toEqual(before);

    const later = rt.atMs + 2 * DAY_MS;
    const status = await evaluateFleet(core, later);
    expect(status.workUnits.length).toBe(7);
    const age = core.analyticsAge(later)!;
    expect(age).toMatchObject({ source: 'store', stale: true, asOfMs: rt.atMs, ageMs: 2 * DAY_MS });
    expect(age.refreshFailure?.message).toBe('metrics store down (test)');
    expect(analyticsAgeNote(age)).toBe(
      'Note: baselines and forecasts are from 2026-03-03 21:30 UTC, 2 days old (refreshed daily); the last refresh failed: metrics store down (test)',
    );
    expect(analyticsAgeNote(rt.core.analyticsAge(rt.atMs))).toBeUndefined();
    rt.close();
  });
});
