// Splitting a step-aligned range into chunks Prometheus accepts (at most 11,000 points per series
// per query), and placing returned points back on the requested grid.
import { HeadroomError } from '../../analytics/errors.js';
import type { Series, TimeRange } from '../../analytics/types.js';

/** Below Prometheus's hard limit of 11,000, leaving room for rounding at chunk edges. */
export const MAX_POINTS_PER_QUERY = 10_000;
const MAX_POINTS_TOTAL = 2_000_000;

export interface RangeChunk {
  startMs: number;
  endMs: number;
  /** Index of startMs in the full range. */
  offset: number;
}

/** Number of grid points of a range (startMs, startMs + step, … ≤ endMs); bad ranges are input errors. */
export function pointCount(range: TimeRange): number {
  const { startMs, endMs, stepMs } = range;
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || !(stepMs >= 1000) || endMs < startMs) {
    throw new HeadroomError(
      'INPUT_INVALID',
      `time range needs finite start ≤ end and a step of at least 1 s (got start ${startMs}, end ${endMs}, step ${stepMs})`,
      { range },
    );
  }
  if (stepMs % 1000 !== 0) {
    throw new HeadroomError('INPUT_INVALID', `step must be whole seconds for Prometheus (got ${stepMs} ms)`, { range });
  }
  const count = Math.floor((endMs - startMs) / stepMs) + 1;
  if (count > MAX_POINTS_TOTAL) {
    throw new HeadroomError('INPUT_INVALID', `time range has ${count} points; at most ${MAX_POINTS_TOTAL} allowed`, {
      range,
    });
  }
  return count;
}

export function planChunks(range: TimeRange, maxPoints = MAX_POINTS_PER_QUERY): RangeChunk[] {
  const count = pointCount(range);
  const chunks: RangeChunk[] = [];
  for (let offset = 0; offset < count; offset += maxPoints) {
    const last = Math.min(count, offset + maxPoints) - 1;
    chunks.push({
      startMs: range.startMs + offset * range.stepMs,
      endMs: range.startMs + last * range.stepMs,
      offset,
    });
  }
  return chunks;
}

export function emptySeries(range: TimeRange, count: number): Series {
  return { startMs: range.startMs, stepMs: range.stepMs, values: new Float64Array(count).fill(Number.NaN) };
}

/** Writes points onto the series' grid; points off the grid (should not happen) are dropped. */
export function placePoints(series: Series, points: ReadonlyArray<{ atMs: number; value: number }>): void {
  for (const p of points) {
    const i = (p.atMs - series.startMs) / series.stepMs;
    if (Number.isInteger(i) && i >= 0 && i < series.values.length) series.values[i] = p.value;
  }
}
