import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../errors.js';
import { buildConnectionBaseline, detectConnectionDrop, detectConnectionDropWith } from './connection-drop.js';
import type { Sensitivity } from './seasonal-baseline.js';
import { connectionsNorm, type SyntheticConnectionsOptions, syntheticConnections } from './synthetic-series.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONDAY = Date.parse('2026-02-02T00:00:00Z');
/** Four weeks of 5-min connections peaking at 103,000 at 21:00, with a nightly backup at 02:00 that sheds 60 %. */
const SHAPE: SyntheticConnectionsOptions = {
  startMs: MONDAY,
  days: 28,
  stepMs: 5 * 60_000,
  peak: 103_000,
  troughShare: 0.3,
  noise: 0.03,
  backupFactor: 0.4,
  seed: 3,
};
const history = syntheticConnections(SHAPE);
const baseline = buildConnectionBaseline(history);
const at2100 = MONDAY + 28 * DAY + 21 * HOUR; // Monday 21:00 right after the history
const at0230 = MONDAY + 28 * DAY + 2.5 * HOUR;
const check = (atMs: number, observed: number, sensitivity: Sensitivity = 'medium', minDropRatio = 0.35) =>
  detectConnectionDropWith(baseline, { atMs, observed, sensitivity, minDropRatio });

describe('detectConnectionDrop', () => {
  it('flags a 60 % connection drop at 21:00 and says why in plain text', () => {
    const r = check(at2100, 41_200);
    expect(r.status).toBe('firing');
    expect(r.expected).toBeGreaterThan(100_000);
    expect(r.z).toBeLessThan(-3);
    expect(r.detail).toMatch(/^connections 41,200 vs 10\d,\d00 expected at this hour of week \(−6\d %, \d+\.\dσ\)$/);
  });

  it('does not flag the nightly backup: the same 60 % fall at 02:00 is that hour’s norm', () => {
    const r = check(at0230, connectionsNorm(SHAPE, at0230));
    expect(r.status).toBe('ok');
    expect(Math.abs(r.z)).toBeLessThan(2);
  });

  it('stays ok for an ordinary 21:00', () => {
    expect(check(at2100, 101_500).status).toBe('ok');
  });

  it('needs the drop to be material too: a dip beyond 3σ but under minDropRatio is ok', () => {
    const r = check(at2100, 0.8 * 103_000); // −20 %, far beyond 3σ of a ±3 % noise
    expect(r.z).toBeLessThan(-3);
    expect(r.status).toBe('ok');
  });

  it('honours the sensitivity levels (2σ / 3σ / 5σ)', () => {
    const expected = check(at2100, 0).expected;
    const sigma = expected / -check(at2100, 0).z;
    const observed = expected - 4 * sigma; // a 4σ dip
    expect(check(at2100, observed, 'high', 0).status).toBe('firing');
    expect(check(at2100, observed, 'medium', 0).status).toBe('firing');
    expect(check(at2100, observed, 'low', 0).status).toBe('ok');
  });

  it('says unknown when the bucket has too little history', () => {
    const oneDayHourly = syntheticConnections({ ...SHAPE, days: 1, stepMs: HOUR });
    const r = detectConnectionDrop({
      history: oneDayHourly,
      atMs: at2100,
      observed: 41_200,
      sensitivity: 'medium',
      minDropRatio: 0.35,
    });
    expect(r.status).toBe('unknown');
    expect(r.detail).toMatch(/too little history at this hour of day \(1 samples, need 8\)/);
    expect(check(at2100, Number.NaN).status).toBe('unknown');
  });

  it('gives the same answer one-shot as with the prebuilt baseline', () => {
    const oneShot = detectConnectionDrop({
      history,
      atMs: at2100,
      observed: 41_200,
      sensitivity: 'medium',
      minDropRatio: 0.35,
    });
    expect(oneShot).toEqual(check(at2100, 41_200));
  });

  it('buckets by the work unit’s local time', () => {
    // The same shape seen from UTC+3: the local 21:00 peak is at 18:00 UTC.
    const shifted = { ...history, startMs: history.startMs - 3 * HOUR };
    const local = buildConnectionBaseline(shifted, { timezoneOffsetMinutes: () => 180 });
    const r = detectConnectionDropWith(local, {
      atMs: at2100 - 3 * HOUR,
      observed: 41_200,
      sensitivity: 'medium',
      minDropRatio: 0.35,
    });
    expect(r.expected).toBeGreaterThan(100_000);
    expect(r.status).toBe('firing');
  });

  it('rejects bad input with clear errors', () => {
    const input = { history, atMs: at2100, observed: 1, minDropRatio: 0.35 };
    expect(() => detectConnectionDrop({ ...input, sensitivity: 'max' as Sensitivity })).toThrow(
      /sensitivity must be one of low, medium, high/,
    );
    expect(() => detectConnectionDrop({ ...input, sensitivity: 'low', minDropRatio: 1.5 })).toThrow(/minDropRatio/);
    const empty = { startMs: MONDAY, stepMs: 300_000, values: new Float64Array(0) };
    expect(() => detectConnectionDrop({ ...input, history: empty, sensitivity: 'low' })).toThrow(HeadroomError);
    expect(() => check(Number.NaN, 1)).toThrow(/atMs/);
  });
});
