import { buildConnectionBaseline, detectConnectionDropWith } from '../../analytics/anomaly/connection-drop.js';
import type { SeasonalBaseline, Sensitivity } from '../../analytics/anomaly/seasonal-baseline.js';
import type { ConnectionCheck } from '../../analytics/metrics-signal.js';
import type { FleetModel, Series, WorkUnitId } from '../../analytics/types.js';
import type { FleetHistory } from './fleet-history.js';
import { utcOffsetMinutes } from './timezone.js';

export interface ConnectionDetector {
  check(workUnit: WorkUnitId, atMs: number, observed: number): ConnectionCheck;
}

/** A unit's learned connection norm without its timezone (what the analytics store keeps). */
export type ConnectionNorm = Omit<SeasonalBaseline, 'timezoneOffsetMinutes'>;

const DAY_MS = 86_400_000;

/** The baseline learns from history up to a day ago: what is being judged must not shape its own norm. */
function withoutLastDay(series: Series): Series {
  const keep = Math.max(0, series.values.length - Math.round(DAY_MS / series.stepMs));
  return { ...series, values: series.values.subarray(0, keep) };
}

/** A robust hour-of-week norm of each unit's connections, in the unit's local time. */
export function learnConnectionNorms(history: FleetHistory, fleet: FleetModel): Map<WorkUnitId, ConnectionNorm> {
  const norms = new Map<WorkUnitId, ConnectionNorm>();
  for (const unit of fleet.workUnits) {
    const full = history.connections.get(unit.id);
    if (!full) continue;
    const { bucket, buckets, minSigmaFraction } = buildConnectionBaseline(withoutLastDay(full), {
      timezoneOffsetMinutes: (ms) => utcOffsetMinutes(unit.timezone, ms),
    });
    norms.set(unit.id, { bucket, buckets, minSigmaFraction });
  }
  return norms;
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
  return detectorFromNorms(learnConnectionNorms(history, fleet), fleet, sensitivity);
}

/** The detector over norms learned earlier (possibly read back from the analytics store). */
export function detectorFromNorms(
  norms: ReadonlyMap<WorkUnitId, ConnectionNorm>,
  fleet: FleetModel,
  sensitivity: Sensitivity = 'medium',
): ConnectionDetector {
  const baselines = new Map<WorkUnitId, SeasonalBaseline>();
  for (const unit of fleet.workUnits) {
    const norm = norms.get(unit.id);
    if (norm) baselines.set(unit.id, { ...norm, timezoneOffsetMinutes: (ms) => utcOffsetMinutes(unit.timezone, ms) });
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
