// The capacity view of a forecast: daily peaks at P50 and P90, and the first day whose P90 peak
// exceeds safe capacity. Pure: the forecast values come in, dates go out.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface ForecastPoint {
  /** ISO-8601 timestamp of the hour. */
  t: string;
  yhat: number;
  lo: number;
  hi: number;
}

export interface DailyPeak {
  /** YYYY-MM-DD, UTC. */
  date: string;
  p10: number;
  p50: number;
  p90: number;
}

/** Points from hourly forecast arrays whose first value is at `firstMs`. */
export function forecastPoints(firstMs: number, yhat: number[], lo: number[], hi: number[]): ForecastPoint[] {
  return yhat.map((v, i) => ({
    t: new Date(firstMs + i * HOUR_MS).toISOString(),
    yhat: v,
    lo: lo[i] as number,
    hi: hi[i] as number,
  }));
}

/**
 * Highest hourly value of each UTC day. With an 80 % interval, `hi` is the hourly P90, so the
 * day's highest `hi` is the P90 daily peak (slightly conservative: hours are not independent).
 */
export function dailyPeaks(firstMs: number, yhat: number[], hi: number[], lo: number[] = yhat): DailyPeak[] {
  const byDay = new Map<string, DailyPeak>();
  const lowest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < yhat.length; i++) {
    const date = new Date(firstMs + i * HOUR_MS).toISOString().slice(0, 10);
    const day = byDay.get(date) ?? { date, p10: lowest, p50: lowest, p90: lowest };
    day.p10 = Math.max(day.p10, Math.min(lo[i] as number, yhat[i] as number));
    day.p50 = Math.max(day.p50, yhat[i] as number);
    day.p90 = Math.max(day.p90, hi[i] as number, yhat[i] as number);
    byDay.set(date, day);
  }
  return [...byDay.values()];
}

/** The first day whose P90 peak exceeds safe capacity, or null. */
export function firstCrossing(peaks: DailyPeak[], safeCapacity: number): string | null {
  return peaks.find((p) => p.p90 > safeCapacity)?.date ?? null;
}

/** First whole hour after `nowMs`, and the hours from there to the end of day `horizonDays` after. */
export function capacityWindow(nowMs: number, horizonDays: number): { firstMs: number; hours: number } {
  const firstMs = Math.floor(nowMs / HOUR_MS) * HOUR_MS + HOUR_MS;
  const endMs = Math.floor(nowMs / DAY_MS) * DAY_MS + (horizonDays + 1) * DAY_MS;
  return { firstMs, hours: Math.round((endMs - firstMs) / HOUR_MS) };
}
