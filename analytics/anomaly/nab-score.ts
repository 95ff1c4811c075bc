import { HeadroomError } from '../errors.js';

/**
 * NAB's scoring (Lavin & Ahmad 2015, "Evaluating real-time anomaly detection algorithms"), written
 * from its published definition:
 * - each labelled anomaly is a window; the first detection inside a window is a true positive worth
 *   tp × σ(position) / σ(window start) (earlier is better; later detections in it count for nothing);
 * - a window without a detection costs −fn;
 * - every detection outside windows costs fp × σ(distance past the previous window's right edge,
 *   relative to that window's width), so late detections just after a window cost little, and ones
 *   far away (or before any window) cost the full fp;
 * - the first 15 % of each file (at most 750 rows) is probation: not scored;
 * - σ(x) = 2 / (1 + e^(5x)) − 1, and −1 from x ≥ 3;
 * - the threshold that turns scores into detections is chosen per profile to maximise the corpus score;
 * - normalised = 100 × (raw − null) / (perfect − null); null never detects, perfect detects every
 *   window at its first row.
 */

export interface NabProfile {
  tp: number;
  fp: number;
  fn: number;
  /** Part of NAB's cost matrices, but NAB adds nothing for true negatives; kept for completeness. */
  tn: number;
}

export const NAB_PROFILES = {
  standard: { tp: 1, fp: 0.11, fn: 1, tn: 1 },
  reward_low_FP: { tp: 1, fp: 0.22, fn: 1, tn: 1 },
  reward_low_FN: { tp: 1, fp: 0.11, fn: 2, tn: 1 },
} as const satisfies Record<string, NabProfile>;
export type NabProfileName = keyof typeof NAB_PROFILES;

export const PROBATION_FRACTION = 0.15;

/** A labelled window as inclusive row indices of its file. */
export interface NabWindow {
  start: number;
  end: number;
}

/** One data file: the detector's score per row (0..1; NaN = no opinion) and its labelled windows. */
export interface NabFile {
  name: string;
  scores: ArrayLike<number>;
  windows: NabWindow[];
}

export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition >= 3) return -1;
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1;
}

export function probationaryLength(rows: number, fraction = PROBATION_FRACTION): number {
  return Math.min(Math.floor(fraction * rows), fraction * 5000);
}

/** Row is in probation: not scored at all. */
export const PROBATION = -2;
/** Row is outside every window: a detection there is a false positive. */
export const OUTSIDE = -1;

export interface RowWeights {
  /** What a detection at this row adds (positive inside windows, ≤ 0 outside). */
  weight: Float64Array;
  /** Index of the row's window, or OUTSIDE / PROBATION. */
  windowOf: Int32Array;
  /** Windows with at least one scored row: only they can be missed. */
  scoredWindows: number[];
}

/** The value of a detection at each row of a file of `rows` rows, under `profile`. */
export function rowWeights(rows: number, windows: readonly NabWindow[], profile: NabProfile): RowWeights {
  validateWindows(rows, windows);
  const weight = new Float64Array(rows);
  const windowOf = new Int32Array(rows).fill(OUTSIDE);
  const maxTp = scaledSigmoid(-1);
  const probation = probationaryLength(rows);
  const scored = new Set<number>();
  let w = 0; // next window to enter
  let prevEnd = -1;
  let prevWidth = 0;
  for (let i = 0; i < rows; i++) {
    while (w < windows.length && (windows[w] as NabWindow).end < i) {
      prevEnd = (windows[w] as NabWindow).end;
      prevWidth = (windows[w] as NabWindow).end - (windows[w] as NabWindow).start + 1;
      w++;
    }
    const cur = windows[w];
    if (cur && cur.start <= i) {
      const width = cur.end - cur.start + 1;
      weight[i] = (scaledSigmoid(-(cur.end - i + 1) / width) * profile.tp) / maxTp;
      windowOf[i] = w;
    } else {
      // Before any window a false positive costs the full fp; after one, less when close to its end.
      const position = prevEnd < 0 ? 3 : prevWidth > 1 ? (i - prevEnd) / (prevWidth - 1) : 3;
      weight[i] = scaledSigmoid(position) * profile.fp;
    }
    if (i < probation) windowOf[i] = PROBATION;
    else if (windowOf[i] !== OUTSIDE) scored.add(windowOf[i] as number);
  }
  return { weight, windowOf, scoredWindows: [...scored].sort((a, b) => a - b) };
}

export interface NabFileScore {
  score: number;
  /** Windows detected / missed; detections outside windows; scored rows outside windows not detected. */
  truePositives: number;
  falseNegatives: number;
  falsePositives: number;
  trueNegatives: number;
}

/** Score of one file when every row with score ≥ threshold is a detection. */
export function scoreFile(file: NabFile, profile: NabProfile, threshold: number): NabFileScore {
  const rows = file.scores.length;
  const { weight, windowOf, scoredWindows } = rowWeights(rows, file.windows, profile);
  const best = new Map<number, number>(scoredWindows.map((w) => [w, -profile.fn]));
  const hit = new Set<number>();
  let fpSum = 0;
  let falsePositives = 0;
  let trueNegatives = 0;
  for (let i = 0; i < rows; i++) {
    const win = windowOf[i] as number;
    if (win === PROBATION) continue;
    const detected = (file.scores[i] as number) >= threshold;
    if (win === OUTSIDE) {
      if (detected) {
        fpSum += weight[i] as number;
        falsePositives++;
      } else trueNegatives++;
    } else if (detected) {
      hit.add(win);
      best.set(win, Math.max(best.get(win) as number, weight[i] as number));
    }
  }
  let score = fpSum;
  for (const v of best.values()) score += v;
  return {
    score,
    truePositives: hit.size,
    falseNegatives: scoredWindows.length - hit.size,
    falsePositives,
    trueNegatives,
  };
}

function validateWindows(rows: number, windows: readonly NabWindow[]): void {
  let prevEnd = -1;
  for (const w of windows) {
    if (!(Number.isInteger(w.start) && Number.isInteger(w.end) && w.start <= w.end && w.start > prevEnd)) {
      throw new HeadroomError('INPUT_INVALID', 'NAB windows must be ordered, disjoint, inclusive index ranges', {
        window: w,
      });
    }
    if (w.start < 0 || w.end >= rows) {
      throw new HeadroomError('INPUT_INVALID', `NAB window ${w.start}..${w.end} is outside the file's ${rows} rows`);
    }
    prevEnd = w.end;
  }
}
