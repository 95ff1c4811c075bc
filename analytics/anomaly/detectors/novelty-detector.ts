import { HeadroomError } from '../../errors.js';
import { createSeasonalReadings, type SeasonalDetectorOptions } from './seasonal-detector.js';
import type { StreamingDetector } from './types.js';

export interface NoveltyDetectorOptions {
  /**
   * Rows after a strong reading in which a new one must beat it by `noveltyRatio` to count. NAB gives
   * every detector its file's probationary length; half of it is the default the bench passes.
   * Default 300 (half of NAB's probation for a 4,000-row file).
   */
  gateRows?: number;
  /** How much a reading must beat the strongest of the last `gateRows` rows (default 1.2). */
  noveltyRatio?: number;
  /** Past readings the rank is taken against (default 20,000; older ones are forgotten). */
  rankMemory?: number;
  /**
   * Rows over which the combined score must rise to be reported again (default: the seasonal
   * `shiftPoints`, 6): the rising edge of one incident, seen by both channels, is one alert.
   */
  dedupRows?: number;
  /** Options of the seasonal residual underneath. */
  seasonal?: SeasonalDetectorOptions;
}

/**
 * Headroom's alerting detector: the seasonal residual (σ from the hour's norm), turned into a score
 * that is comparable across metrics and that speaks once per incident. The residual is read twice,
 * as the point itself (a spike) and as the mean of the last few points (a level shift); each reading
 * goes through its own channel, and the score is the higher of the two:
 * - Rank: the channel's score is the share of this series' own past readings below the current one,
 *   so one threshold fits a bursty disk-write metric and a smooth traffic count alike (a σ does not).
 * - Novelty gate: a reading counts only if it is `noveltyRatio` × stronger than every reading of the
 *   same channel in the last `gateRows` rows; otherwise the channel scores 0. One incident gives one
 *   alert, not fifty, and a stronger second wave still gets through. Separate channels keep a level
 *   shift from being gated out by an earlier spike (or the other way round).
 * A score is reported only when it is above every score of the last `dedupRows` rows, so the two
 * channels' views of one rising edge make one alert.
 * Uses only what it has seen so far (streaming).
 */
export function createNoveltyDetector(opts: NoveltyDetectorOptions = {}): StreamingDetector {
  const gateRows = opts.gateRows ?? 300;
  const ratio = opts.noveltyRatio ?? 1.2;
  const memory = opts.rankMemory ?? 20_000;
  const dedupRows = opts.dedupRows ?? opts.seasonal?.shiftPoints ?? 6;
  const counts = [gateRows, memory, dedupRows];
  if (!(counts.every((n) => Number.isInteger(n) && n >= 1) && ratio >= 1)) {
    throw new HeadroomError(
      'INPUT_INVALID',
      'novelty detector: gateRows, rankMemory and dedupRows must be positive integers, noveltyRatio ≥ 1',
      { ...opts, seasonal: undefined },
    );
  }
  const readings = createSeasonalReadings(opts.seasonal);
  const spike = createNoveltyChannel(gateRows, ratio, memory);
  const shift = createNoveltyChannel(gateRows, ratio, memory);
  const recentScores = createSlidingMax(dedupRows);
  return {
    name: 'headroom-novelty',
    next(atMs, value) {
      const r = readings.next(atMs, value);
      const score = Math.max(spike.next(r.point), shift.next(r.shift));
      const rising = score > Math.max(0, recentScores.max());
      recentScores.push(score);
      return rising ? score : 0;
    },
  };
}

/** One reading's rank against its own past, reported only when it beats the recent maximum. */
export function createNoveltyChannel(gateRows: number, ratio: number, memory: number) {
  const rank = createStreamingRank(memory);
  const recentMax = createSlidingMax(gateRows);
  return {
    next(z: number): number {
      const share = rank.shareBelow(z);
      rank.add(z);
      const novel = z > 0 && z > ratio * recentMax.max();
      recentMax.push(z);
      return novel ? share : 0;
    },
  };
}

/** Share of the last `memory` values strictly below a value; a sorted copy kept beside a ring. */
export function createStreamingRank(memory: number) {
  const sorted: number[] = [];
  const ring: number[] = [];
  let head = 0;
  const lowerBound = (v: number) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    /** 0 before anything was seen. */
    shareBelow(v: number): number {
      return sorted.length === 0 ? 0 : lowerBound(v) / sorted.length;
    },
    add(v: number): void {
      if (ring.length < memory) ring.push(v);
      else {
        sorted.splice(lowerBound(ring[head] as number), 1);
        ring[head] = v;
        head = (head + 1) % memory;
      }
      sorted.splice(lowerBound(v), 0, v);
    },
  };
}

/** Maximum of the last `rows` values pushed (−Infinity when none), amortised O(1) per push. */
export function createSlidingMax(rows: number) {
  const values: number[] = [];
  const indices: number[] = [];
  let start = 0; // deque front inside the arrays
  let n = 0;
  return {
    max(): number {
      while (start < indices.length && (indices[start] as number) <= n - 1 - rows) start++;
      return start < values.length ? (values[start] as number) : Number.NEGATIVE_INFINITY;
    },
    push(v: number): void {
      while (values.length > start && (values[values.length - 1] as number) <= v) {
        values.pop();
        indices.pop();
      }
      values.push(v);
      indices.push(n++);
      if (start > 1024) {
        values.splice(0, start);
        indices.splice(0, start);
        start = 0;
      }
    },
  };
}
