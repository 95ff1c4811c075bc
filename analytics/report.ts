// Pure data for /capacity and the weekly report: daily forecast peaks, the day the peak crosses safe
// capacity, a risk ranking and the fleet summary. Time is an argument; no I/O.
import type { CapacityView } from './forecast/capacity-view.js';
import { headroom } from './headroom.js';
import type { WorkUnitId } from './types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface DailyPeak {
  /** Start of the UTC day. */
  dayMs: number;
  /** When in that day the peak falls. */
  atMs: number;
  load: number;
}

/** Hourly values starting at `startMs` (a whole hour) → the highest value of each UTC day. */
export function dailyPeaks(hourly: readonly number[], startMs: number): DailyPeak[] {
  const byDay = new Map<number, DailyPeak>();
  hourly.forEach((load, h) => {
    if (!Number.isFinite(load)) return;
    const atMs = startMs + h * HOUR_MS;
    const dayMs = Math.floor(atMs / DAY_MS) * DAY_MS;
    const current = byDay.get(dayMs);
    if (!current || load > current.load) byDay.set(dayMs, { dayMs, atMs, load });
  });
  return [...byDay.values()].sort((a, b) => a.dayMs - b.dayMs);
}

/** The first daily peak above safe capacity, or null when none is in the window. */
export function firstCrossing(peaks: readonly DailyPeak[], safeCapacity: number): DailyPeak | null {
  if (!(safeCapacity > 0)) return null;
  return peaks.find((p) => p.load > safeCapacity) ?? null;
}

export interface UnitOutlookInput {
  id: WorkUnitId;
  state: string;
  /** rps now; NaN when unknown. */
  load: number;
  /** The learned safe capacity: what forecast peaks and the crossing date are measured against. */
  safeCapacity: number;
  /** Safe capacity now, when the unit has visibly lost some (headroom now uses it); the learned one otherwise. */
  safeCapacityNow?: number;
  peaks: DailyPeak[];
  observed?: DailyPeak[];
  /** The unit's one capacity forecast, when fitted: peaks, crossing and chart all come from it. */
  forecast?: CapacityView;
}

export interface UnitOutlook {
  id: WorkUnitId;
  state: string;
  load: number;
  safeCapacity: number;
  safeCapacityNow: number;
  headroomNow: number;
  /** The highest daily peak of the window and the headroom left at it. */
  peak: { atMs: number; load: number; headroom: number } | null;
  /** First day the forecast peak exceeds safe capacity; null when it does not within the window. */
  crossingAtMs: number | null;
  peaks: DailyPeak[];
  /** Observed daily peaks before now, when the caller has them (for charts). */
  observed?: DailyPeak[];
  forecast?: CapacityView;
}

export function unitOutlook(u: UnitOutlookInput): UnitOutlook {
  const top = u.peaks.reduce<DailyPeak | null>((best, p) => (!best || p.load > best.load ? p : best), null);
  return {
    id: u.id,
    state: u.state,
    load: u.load,
    safeCapacity: u.safeCapacity,
    safeCapacityNow: u.safeCapacityNow ?? u.safeCapacity,
    headroomNow: headroom(u.load, u.safeCapacityNow ?? u.safeCapacity),
    peak: top ? { atMs: top.atMs, load: top.load, headroom: headroom(top.load, u.safeCapacity) } : null,
    crossingAtMs: u.forecast
      ? (u.forecast.crossing?.dayMs ?? null)
      : (firstCrossing(u.peaks, u.safeCapacity)?.atMs ?? null),
    peaks: u.peaks,
    ...(u.observed ? { observed: u.observed } : {}),
    ...(u.forecast ? { forecast: u.forecast } : {}),
  };
}

export interface RiskEntry {
  rank: number;
  id: WorkUnitId;
  headroomAtPeak: number;
  crossingAtMs: number | null;
  reason: string;
}

/**
 * Riskiest first: units whose forecast peak crosses safe capacity (soonest first), then by the
 * headroom left at the forecast peak (least first). Units with no forecast come last.
 */
export function riskRanking(units: readonly UnitOutlook[], warningBelow: number): RiskEntry[] {
  const key = (u: UnitOutlook) => [
    u.crossingAtMs ?? Number.POSITIVE_INFINITY,
    u.peak?.headroom ?? Number.POSITIVE_INFINITY,
  ];
  return [...units]
    .sort((a, b) => {
      const [ca, ha] = key(a);
      const [cb, hb] = key(b);
      return ca! - cb! || ha! - hb! || a.id.localeCompare(b.id);
    })
    .map((u, i) => ({
      rank: i + 1,
      id: u.id,
      headroomAtPeak: u.peak?.headroom ?? Number.NaN,
      crossingAtMs: u.crossingAtMs,
      reason:
        u.crossingAtMs !== null
          ? 'forecast peak crosses safe capacity'
          : !u.peak
            ? 'no forecast'
            : u.peak.headroom < warningBelow
              ? 'headroom at the forecast peak below the warning level'
              : 'headroom at the forecast peak is sufficient',
    }));
}

export interface WeeklyReportInput {
  atMs: number;
  horizonDays: number;
  warningBelow: number;
  units: UnitOutlook[];
  /** $ per hour of serving current traffic with the current routing. */
  routingCostPerHour: number;
  agreement: { decisions: number; followed: number; rate: number | null };
  /** Agreement over the last seven days only. */
  agreementThisWeek: { decisions: number; followed: number; rate: number | null };
  recommendationsThisWeek: number;
}

export interface WeeklyReport extends WeeklyReportInput {
  risk: RiskEntry[];
  unitsCrossing: number;
  unitsBelowWarningAtPeak: number;
  routingCostPerWeek: number;
}

export function weeklyReportData(input: WeeklyReportInput): WeeklyReport {
  const risk = riskRanking(input.units, input.warningBelow);
  return {
    ...input,
    risk,
    unitsCrossing: input.units.filter((u) => u.crossingAtMs !== null).length,
    unitsBelowWarningAtPeak: input.units.filter((u) => u.peak && u.peak.headroom < input.warningBelow).length,
    routingCostPerWeek: input.routingCostPerHour * 24 * 7,
  };
}
