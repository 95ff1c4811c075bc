// Bounds on what query_prometheus may ask, so one tool call cannot flood the model's context or
// the organisation's Prometheus.

export const MAX_RANGE_MS = 7 * 86_400_000;
export const MAX_POINTS_PER_SERIES = 1_000;
export const MAX_SERIES = 20;
export const MIN_STEP_MS = 15_000;

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
export const DURATION = /^(\d{1,6})(s|m|h|d)$/;

/** "90s", "5m", "6h", "7d" → ms. The pattern is checked by the input schema. */
export function durationMs(text: string): number {
  const m = DURATION.exec(text)!;
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

/** Shortest readable duration for a number of ms, rounding up to whole seconds. */
export function formatDuration(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s % 86_400 === 0) return `${s / 86_400}d`;
  if (s % 3_600 === 0) return `${s / 3_600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/** Smallest step keeping a range within MAX_POINTS_PER_SERIES, in whole seconds and at least MIN_STEP_MS. */
export function minStepMs(rangeMs: number): number {
  const needed = Math.ceil(rangeMs / (MAX_POINTS_PER_SERIES - 1) / 1000) * 1000;
  return Math.max(MIN_STEP_MS, needed);
}

/** Default step: the minimum rounded up to a whole minute, so points land on readable times. */
export function defaultStepMs(rangeMs: number): number {
  return Math.max(60_000, Math.ceil(minStepMs(rangeMs) / 60_000) * 60_000);
}

/** Values with 6 significant digits: enough for any dashboard, far fewer tokens. */
export function compactValue(x: number): number | null {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : null;
}
