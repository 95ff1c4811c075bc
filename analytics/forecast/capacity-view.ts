// The one capacity view of a unit's forecast that every answer reads: the daily peaks (today's
// joined with what was already observed today), the next peak and its headroom, the first day the
// P90 peak crosses safe capacity, and the observed days the chart shows. Pure: forecast and
// history come in, numbers go out; the text, the chart, the weekly report and the alerts only
// format it, so they cannot disagree.
import { headroom } from '../headroom.js';
import type { Series } from '../types.js';
import type { ForecastPoint } from './capacity-forecast.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const OBSERVED_DAYS_SHOWN = 28;

export interface ForecastDay {
  /** YYYY-MM-DD, UTC. */
  date: string;
  dayMs: number;
  /** Hour of the day's P50 peak. */
  peakAtMs: number;
  p10: number;
  p50: number;
  p90: number;
  /** Today: part of the day is observed, the rest forecast; the peak is the higher of both. */
  partial: boolean;
}

export interface ObservedDay {
  dayMs: number;
  load: number;
}

export interface CapacityView {
  atMs: number;
  horizonDays: number;
  safeCapacity: number;
  model: string;
  /** Why that model (from the backtest), for captions and answers. */
  reason: string;
  /** Share of backtest actuals inside the P10–P90 interval (NaN without a backtest). */
  backtestCoverage: number;
  /** Today first (partial), then every day to the end of the horizon. */
  days: ForecastDay[];
  /** Complete observed days before today (the last four weeks). */
  observed: ObservedDay[];
  /** Highest load observed today so far; null when nothing was observed today. */
  todaySoFar: (ObservedDay & { atMs: number }) | null;
  /** The highest P50 hour of the next 24 hours and the headroom left at it. */
  nextPeak: { atMs: number; p50: number; p90: number; headroom: number } | null;
  /** First day whose P90 peak exceeds safe capacity; null when none does within the horizon. */
  crossing: { date: string; dayMs: number; p90: number } | null;
}

export interface CapacityViewInput {
  atMs: number;
  horizonDays: number;
  safeCapacity: number;
  model: string;
  reason: string;
  backtestCoverage: number;
  /** Hourly forecast from the first whole hour after atMs (lo = P10, hi = P90). */
  points: ForecastPoint[];
  /** Hourly history (only samples at or before atMs are read). */
  history: Series;
}

export function capacityView(input: CapacityViewInput): CapacityView {
  const { atMs, horizonDays, safeCapacity, points, history } = input;
  const todayMs = Math.floor(atMs / DAY_MS) * DAY_MS;
  const endMs = todayMs + (horizonDays + 1) * DAY_MS;
  const { observed, todaySoFar } = observedDays(history, atMs, todayMs);
  const byDay = new Map<number, ForecastDay>();
  for (const p of points) {
    const t = Date.parse(p.t);
    if (t >= endMs) break;
    const dayMs = Math.floor(t / DAY_MS) * DAY_MS;
    const d = byDay.get(dayMs) ?? emptyDay(dayMs, dayMs === todayMs);
    if (p.yhat > d.p50) {
      d.p50 = p.yhat;
      d.peakAtMs = t;
    }
    d.p10 = Math.max(d.p10, p.lo);
    d.p90 = Math.max(d.p90, p.hi, p.yhat);
    byDay.set(dayMs, d);
  }
  if (todaySoFar) {
    const today = byDay.get(todayMs) ?? emptyDay(todayMs, true);
    // What has already happened today is certain: the day's peak is at least that.
    if (todaySoFar.load >= today.p50) {
      today.p50 = todaySoFar.load;
      today.peakAtMs = todaySoFar.atMs;
    }
    today.p10 = Math.max(today.p10, todaySoFar.load);
    today.p90 = Math.max(today.p90, todaySoFar.load);
    byDay.set(todayMs, today);
  }
  const days = [...byDay.values()].sort((a, b) => a.dayMs - b.dayMs);
  let next: CapacityView['nextPeak'] = null;
  for (const p of points) {
    const t = Date.parse(p.t);
    if (t > atMs + DAY_MS) break;
    if (!next || p.yhat > next.p50)
      next = { atMs: t, p50: p.yhat, p90: p.hi, headroom: headroom(p.yhat, safeCapacity) };
  }
  const crossed = safeCapacity > 0 ? days.find((d) => d.p90 > safeCapacity) : undefined;
  return {
    atMs,
    horizonDays,
    safeCapacity,
    model: input.model,
    reason: input.reason,
    backtestCoverage: input.backtestCoverage,
    days,
    observed,
    todaySoFar,
    nextPeak: next,
    crossing: crossed ? { date: crossed.date, dayMs: crossed.dayMs, p90: crossed.p90 } : null,
  };
}

function emptyDay(dayMs: number, partial: boolean): ForecastDay {
  const lowest = Number.NEGATIVE_INFINITY;
  return {
    date: new Date(dayMs).toISOString().slice(0, 10),
    dayMs,
    peakAtMs: dayMs,
    p10: lowest,
    p50: lowest,
    p90: lowest,
    partial,
  };
}

function observedDays(history: Series, atMs: number, todayMs: number) {
  const peaks = new Map<number, { load: number; atMs: number }>();
  const fromMs = todayMs - OBSERVED_DAYS_SHOWN * DAY_MS;
  for (let i = 0; i < history.values.length; i++) {
    const t = history.startMs + i * history.stepMs;
    const v = history.values[i] as number;
    if (t < fromMs || t > atMs || !Number.isFinite(v)) continue;
    const dayMs = Math.floor(t / DAY_MS) * DAY_MS;
    const cur = peaks.get(dayMs);
    if (!cur || v > cur.load) peaks.set(dayMs, { load: v, atMs: t });
  }
  const observed: ObservedDay[] = [];
  let todaySoFar: CapacityView['todaySoFar'] = null;
  for (const [dayMs, p] of [...peaks].sort((a, b) => a[0] - b[0])) {
    if (dayMs === todayMs) todaySoFar = { dayMs, atMs: p.atMs, load: p.load };
    else observed.push({ dayMs, load: p.load });
  }
  return { observed, todaySoFar };
}
