import { HeadroomError } from '../../errors.js';
import { createNoveltyChannel, createSlidingMax, createStreamingRank } from './novelty-detector.js';
import { createPatternMemory, type PatternMemoryOptions } from './pattern-memory.js';
import { createSeasonalReadings, type SeasonalDetectorOptions } from './seasonal-detector.js';
import type { StreamingDetector } from './types.js';

export interface PatternNoveltyDetectorOptions {
  /** As the novelty detector's: rows in which a new reading must beat the strongest (default 300). */
  gateRows?: number;
  /** As the novelty detector's (default 1.2). */
  noveltyRatio?: number;
  /** Past readings each rank is taken against (default 20,000). */
  rankMemory?: number;
  /** Rows over which the score must rise to be reported again (default: the seasonal `shiftPoints`, 6). */
  dedupRows?: number;
  /** The short-pattern memory (default window: 2 × the seasonal `shiftPoints`, i.e. 12). */
  pattern?: PatternMemoryOptions;
  seasonal?: SeasonalDetectorOptions;
}

/**
 * The novelty detector with a second witness: the seasonal residual says how far a point is from
 * its hour's norm, the pattern memory how far the recent stretch is from anything the series has
 * done before. Each reading is ranked against its own past and turned into evidence −ln(1 − rank)
 * (how rare it is, in nats); the evidence of the seasonal residual (the stronger of its point and
 * level-shift readings) and of the pattern memory are added, so a point is strong when both find it
 * rare, or one finds it very rare. The sum goes through one novelty channel (rank against its past,
 * gate) and is reported only when it rises, as in `createNoveltyDetector`. Streaming.
 */
export function createPatternNoveltyDetector(opts: PatternNoveltyDetectorOptions = {}): StreamingDetector {
  const gateRows = opts.gateRows ?? 300;
  const ratio = opts.noveltyRatio ?? 1.2;
  const memory = opts.rankMemory ?? 20_000;
  const shiftPoints = opts.seasonal?.shiftPoints ?? 6;
  const dedupRows = opts.dedupRows ?? shiftPoints;
  if (!([gateRows, memory, dedupRows].every((n) => Number.isInteger(n) && n >= 1) && ratio >= 1)) {
    throw new HeadroomError(
      'INPUT_INVALID',
      'pattern novelty detector: gateRows, rankMemory and dedupRows must be positive integers, noveltyRatio ≥ 1',
      { gateRows, noveltyRatio: ratio, rankMemory: memory, dedupRows },
    );
  }
  const readings = createSeasonalReadings(opts.seasonal);
  const pattern = createPatternMemory({ window: 2 * shiftPoints, ...opts.pattern });
  const evidence = [0, 1, 2].map(() => createRarity(memory));
  const fused = createNoveltyChannel(gateRows, ratio, memory);
  const recentScores = createSlidingMax(dedupRows);
  return {
    name: 'headroom-pattern',
    next(atMs, value) {
      const r = readings.next(atMs, value);
      const p = pattern.next(value);
      const [point, shift, recall] = evidence as [Rarity, Rarity, Rarity];
      const seasonal = Math.max(point.next(r.point), shift.next(r.shift));
      const score = fused.next(seasonal + recall.next(p));
      const rising = score > Math.max(0, recentScores.max());
      recentScores.push(score);
      return rising ? score : 0;
    },
  };
}

type Rarity = ReturnType<typeof createRarity>;

/** −ln(1 − share of the past below this reading): 0 for an ordinary one, ≈ 9.2 for the rarest. */
export function createRarity(memory: number) {
  const rank = createStreamingRank(memory);
  return {
    next(reading: number): number {
      const share = rank.shareBelow(reading);
      rank.add(reading);
      return -Math.log(1 - share + 1e-4);
    },
  };
}
