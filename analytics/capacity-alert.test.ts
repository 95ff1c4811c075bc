import { describe, expect, it } from 'vitest';
import { decideCapacityAlert, saidAfter } from './capacity-alert.js';
import type { CapacityView } from './forecast/capacity-view.js';

const DAY = 86_400_000;
const TODAY = Date.UTC(2026, 11, 3);

function view(crossInDays: number | null): CapacityView {
  const dayMs = crossInDays === null ? 0 : TODAY + crossInDays * DAY;
  return {
    atMs: TODAY + 9 * 3_600_000,
    horizonDays: 30,
    safeCapacity: 100,
    model: 'm',
    reason: 'r',
    backtestCoverage: 0.8,
    days: [],
    observed: [],
    todaySoFar: null,
    nextPeak: null,
    crossing: crossInDays === null ? null : { date: new Date(dayMs).toISOString().slice(0, 10), dayMs, p90: 120 },
  };
}

describe('decideCapacityAlert', () => {
  it('speaks when the P90 peak first crosses within the alert horizon, not beyond it', () => {
    expect(decideCapacityAlert(undefined, view(9))).toEqual({
      kind: 'crossing',
      date: '2026-12-12',
      daysAhead: 9,
      p90: 120,
    });
    expect(decideCapacityAlert(undefined, view(45))).toBeNull();
    expect(decideCapacityAlert(undefined, view(45), { horizonDays: 60 })?.kind).toBe('crossing');
    expect(decideCapacityAlert(undefined, view(null))).toBeNull();
  });

  it('stays quiet while nothing changes, or the crossing moves a little or later', () => {
    const said = saidAfter({ kind: 'crossing', date: '2026-12-12', daysAhead: 9, p90: 120 }, TODAY);
    expect(decideCapacityAlert(said, view(9))).toBeNull();
    expect(decideCapacityAlert(said, view(7))).toBeNull(); // 2 days earlier: within the default 3
    expect(decideCapacityAlert(said, view(20))).toBeNull();
  });

  it('speaks again when the crossing comes more than a few days earlier than said', () => {
    const said = { date: '2026-12-12', atMs: TODAY };
    expect(decideCapacityAlert(said, view(4))).toEqual({
      kind: 'earlier',
      date: '2026-12-07',
      daysAhead: 4,
      p90: 120,
      previous: '2026-12-12',
      daysEarlier: 5,
    });
    expect(decideCapacityAlert(said, view(4), { earlierByDays: 7 })).toBeNull();
  });

  it('says when it no longer crosses (or only beyond the horizon), then nothing until it crosses again', () => {
    const said = { date: '2026-12-12', atMs: TODAY };
    const cleared = decideCapacityAlert(said, view(null));
    expect(cleared).toEqual({ kind: 'cleared', previous: '2026-12-12' });
    expect(decideCapacityAlert(said, view(40))?.kind).toBe('cleared');
    const after = saidAfter(cleared!, TODAY + DAY);
    expect(after).toEqual({ date: null, atMs: TODAY + DAY });
    expect(decideCapacityAlert(after, view(null))).toBeNull();
    expect(decideCapacityAlert(after, view(10))?.kind).toBe('crossing');
  });
});
