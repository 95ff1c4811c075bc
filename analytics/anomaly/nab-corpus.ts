import { HeadroomError } from '../errors.js';
import { type NabFile, type NabProfile, OUTSIDE, PROBATION, rowWeights, scoreFile } from './nab-score.js';

export interface NabCorpusResult {
  /** The threshold that maximised the raw corpus score (Infinity: detecting nothing was best). */
  threshold: number;
  raw: number;
  nullScore: number;
  perfectScore: number;
  /** 100 × (raw − null) / (perfect − null): 0 is the null detector, 100 is perfect. */
  normalised: number;
  truePositives: number;
  falseNegatives: number;
  falsePositives: number;
}

/**
 * Scores a detector on a corpus under one profile, NAB style: picks the threshold that maximises the
 * summed raw score over all files (exhaustively, over every distinct score, rather than NAB's local
 * search, so it finds the same optimum or a better one), then normalises against the null and
 * perfect detectors.
 */
export function scoreCorpus(files: readonly NabFile[], profile: NabProfile): NabCorpusResult {
  if (files.length === 0) throw new HeadroomError('INPUT_INVALID', 'NAB corpus has no files');
  const { threshold, raw } = optimiseThreshold(files, profile);
  let tp = 0;
  let fn = 0;
  let fp = 0;
  for (const f of files) {
    const s = scoreFile(f, profile, threshold);
    tp += s.truePositives;
    fn += s.falseNegatives;
    fp += s.falsePositives;
  }
  const nullScore = files.reduce((sum, f) => sum + scoreFile(f, profile, Number.POSITIVE_INFINITY).score, 0);
  // As NAB: perfect is tp for every labelled window, whether or not probation hides it.
  const perfectScore = profile.tp * files.reduce((n, f) => n + f.windows.length, 0);
  const normalised = perfectScore === nullScore ? Number.NaN : (100 * (raw - nullScore)) / (perfectScore - nullScore);
  return {
    threshold,
    raw,
    nullScore,
    perfectScore,
    normalised,
    truePositives: tp,
    falseNegatives: fn,
    falsePositives: fp,
  };
}

/**
 * Raw corpus score at every candidate threshold, via one sweep per file from the highest score down:
 * lowering the threshold past a row adds that row as a detection.
 */
export function optimiseThreshold(files: readonly NabFile[], profile: NabProfile): { threshold: number; raw: number } {
  const candidates = distinctScoresDescending(files);
  const totals = new Float64Array(candidates.length + 1); // index 0: threshold +Infinity (detect nothing)
  for (const file of files) {
    const { weight, windowOf, scoredWindows } = rowWeights(file.scores.length, file.windows, profile);
    const order: number[] = [];
    for (let i = 0; i < file.scores.length; i++) {
      if (windowOf[i] !== PROBATION && Number.isFinite(file.scores[i] as number)) order.push(i);
    }
    order.sort((a, b) => (file.scores[b] as number) - (file.scores[a] as number));
    const best = new Map<number, number>(scoredWindows.map((w) => [w, -profile.fn]));
    let current = -profile.fn * scoredWindows.length;
    totals[0] = (totals[0] as number) + current;
    let k = 0;
    for (let c = 0; c < candidates.length; c++) {
      const t = candidates[c] as number;
      for (; k < order.length && (file.scores[order[k] as number] as number) >= t; k++) {
        const row = order[k] as number;
        const win = windowOf[row] as number;
        if (win === OUTSIDE) current += weight[row] as number;
        else {
          const before = best.get(win) as number;
          const after = Math.max(before, weight[row] as number);
          best.set(win, after);
          current += after - before;
        }
      }
      totals[c + 1] = (totals[c + 1] as number) + current;
    }
  }
  let bestIndex = 0;
  for (let c = 1; c < totals.length; c++) if ((totals[c] as number) > (totals[bestIndex] as number)) bestIndex = c;
  const threshold = bestIndex === 0 ? Number.POSITIVE_INFINITY : (candidates[bestIndex - 1] as number);
  return { threshold, raw: totals[bestIndex] as number };
}

function distinctScoresDescending(files: readonly NabFile[]): number[] {
  const all = new Set<number>();
  for (const f of files) {
    for (let i = 0; i < f.scores.length; i++) {
      const s = f.scores[i] as number;
      if (Number.isFinite(s)) all.add(s);
    }
  }
  return [...all].sort((a, b) => b - a);
}
