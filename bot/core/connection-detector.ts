import { buildConnectionBaseline, detectConnectionDropWith } from '../../analytics/anomaly/connection-drop.js';
import type { SeasonalBaseline, Sensitivity } from '../../analytics/anomaly/seasonal-baseline.js';
import type { ConnectionCheck } from '../../analytics/metrics-signal.js';
import type { FleetModel, Series, WorkUnitId } from '../../analytics/types.js';
import type { FleetHistory } from './fleet-history.js';
import { utcOffsetMinutes } from './timezone.js';

export interface ConnectionDetector {
  check(workUnit: WorkUnitId, atMs: number, observed: number): ConnectionCheck;
}

const DAY_MS = 86_400_000;

/** The baseline learns from history up to a day ago: what is being judged must not shape its own norm. */
function withoutLastDay(series: Series): Series {
  const keep = Math.max(0, series.values.length - Math.round(DAY_MS / series.stepMs));
  return { ...series, values: series.values.subarray(0, keep) };
}

/**
 * The seasonal connection-drop detector: a robust hour-of-week baseline per unit (in the unit's
 * local time, built once per history refresh), a σ score at the configured sensitivity, and the
 * fleet's minimum drop ratio. The nightly backup and the daily trough are in the baseline, so they
 * are expected, not flagged.
 */
export function seasonalConnectionDetector(
  history: FleetHistory,
  fleet: FleetModel,
  sensitivity: Sensitivity = 'medium',
): ConnectionDetector {
  const baselines = new Map<WorkUnitId, SeasonalBaseline>();
  for (const unit of fleet.workUnits) {
    const full = history.connections.get(unit.id);
    if (!full) continue;
    const series = withoutLastDay(full);
    baselines.set(
      unit.id,
      buildConnectionBaseline(series, { timezoneOffsetMinutes: (ms) => utcOffsetMinutes(unit.timezone, ms) }),
    );
  }
  return {
    check(workUnit, atMs, observed) {
      const baseline = baselines.get(workUnit);
      if (!baseline) return { status: 'unknown', detail: 'connection baseline: no history for this unit' };
      const result = detectConnectionDropWith(baseline, {
        atMs,
        observed,
        sensitivity,
        minDropRatio: fleet.thresholds.connectionDropRatio,
      });
      return { status: result.status, detail: result.detail };
    },
  };
}
