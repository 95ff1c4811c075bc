import type { ConnectionCheck } from '../../analytics/metrics-signal.js';
import { median, valueAt } from '../../analytics/series.js';
import type { Thresholds, WorkUnitId } from '../../analytics/types.js';
import type { FleetHistory } from './fleet-history.js';

const WEEK_MS = 7 * 86_400_000;

export interface ConnectionDetector {
  check(workUnit: WorkUnitId, atMs: number, observed: number): ConnectionCheck;
}

/**
 * Same-time-of-week comparison: a connection count far below the median of the same moment in
 * the previous weeks is a drop. The nightly backup and the daily trough are in those weeks too, so
 * they are expected, not flagged.
 */
export function seasonalConnectionDetector(history: FleetHistory, thresholds: Thresholds): ConnectionDetector {
  return {
    check(workUnit, atMs, observed) {
      const series = history.connections.get(workUnit);
      const past: number[] = [];
      for (let k = 1; k <= 4 && series; k++) {
        const v = valueAt(series, atMs - k * WEEK_MS);
        if (!Number.isNaN(v)) past.push(v);
      }
      if (past.length < 2) return { status: 'unknown', detail: 'connection baseline: too little history' };
      const expected = median(past);
      const change = expected > 0 ? observed / expected - 1 : 0;
      const text = `connections ${Math.round(observed).toLocaleString('en-US')} vs ${Math.round(expected).toLocaleString('en-US')} expected at this time of week (${change >= 0 ? '+' : ''}${Math.round(change * 100)} %)`;
      return { status: change <= -thresholds.connectionDropRatio ? 'firing' : 'ok', detail: text };
    },
  };
}
