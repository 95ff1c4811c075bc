import { HeadroomError } from '../errors.js';
import type { Series } from '../types.js';
import type { SignalStatus } from '../vocabulary.js';
import {
  type BaselineBucket,
  buildSeasonalBaseline,
  type SeasonalBaseline,
  type Sensitivity,
  scoreAgainstBaseline,
  sensitivitySigma,
  validateSeries,
} from './seasonal-baseline.js';

const WEEK_MS = 7 * 24 * 3_600_000;

/** Fewer samples than this in the bucket and the detector says 'unknown' rather than guess. */
export const MIN_SAMPLES_PER_BUCKET = 8;

export interface ConnectionBaselineOptions {
  /** Minutes to add to UTC for the work unit's local time (its users' day drives connections). */
  timezoneOffsetMinutes?: (ms: number) => number;
  /** Default: hour of week once the history covers two weeks, else hour of day. */
  bucket?: BaselineBucket;
}

export interface ConnectionDropCheck {
  /** The instant checked and the value seen then. */
  atMs: number;
  observed: number;
  sensitivity: Sensitivity;
  /** Fraction below the norm that also has to be lost, e.g. 0.35 (fleet threshold `connectionDropRatio`). */
  minDropRatio: number;
}

export interface ConnectionDropInput extends ConnectionDropCheck, ConnectionBaselineOptions {
  /** Open connections, e.g. 5-min samples over the last weeks. */
  history: Series;
}

export interface ConnectionDropResult {
  status: SignalStatus;
  /** Norm for this hour (NaN when unknown). */
  expected: number;
  observed: number;
  /** Signed: negative below the norm. */
  z: number;
  detail: string;
}

/** Learns the connections norm once; pass it to `detectConnectionDropWith` on every poll. */
export function buildConnectionBaseline(history: Series, opts: ConnectionBaselineOptions = {}): SeasonalBaseline {
  validateSeries(history);
  const spanMs = history.values.length * history.stepMs;
  const bucket = opts.bucket ?? (spanMs >= 2 * WEEK_MS ? 'hour-of-week' : 'hour-of-day');
  return buildSeasonalBaseline(history, {
    bucket,
    ...(opts.timezoneOffsetMinutes ? { timezoneOffsetMinutes: opts.timezoneOffsetMinutes } : {}),
  });
}

/**
 * A drop in network connections — the fleet's usual first sign of distress. Fires only when the value
 * is both improbably low for this hour (beyond the sensitivity's σ) and materially low (more than
 * `minDropRatio` below the norm), so a quiet bucket with a tiny σ cannot fire on a trivial dip.
 * Rises are not this detector's business (see the utilisation thresholds).
 */
export function detectConnectionDropWith(baseline: SeasonalBaseline, check: ConnectionDropCheck): ConnectionDropResult {
  const sigmas = sensitivitySigma(check.sensitivity);
  if (!(check.minDropRatio >= 0 && check.minDropRatio < 1)) {
    throw new HeadroomError('INPUT_INVALID', `minDropRatio must be in [0, 1), got ${check.minDropRatio}`);
  }
  const { observed, atMs } = check;
  const where = baseline.bucket === 'hour-of-week' ? 'at this hour of week' : 'at this hour of day';
  if (!Number.isFinite(observed)) {
    return { status: 'unknown', expected: Number.NaN, observed, z: Number.NaN, detail: 'no connections sample' };
  }
  const score = scoreAgainstBaseline(baseline, atMs, observed);
  if (score.count < MIN_SAMPLES_PER_BUCKET) {
    return {
      status: 'unknown',
      expected: Number.NaN,
      observed,
      z: Number.NaN,
      detail: `connections baseline has too little history ${where} (${score.count} samples, need ${MIN_SAMPLES_PER_BUCKET})`,
    };
  }
  const change = score.expected > 0 ? observed / score.expected - 1 : 0;
  const firing = score.z <= -sigmas && observed < (1 - check.minDropRatio) * score.expected;
  const detail =
    `connections ${formatCount(observed)} vs ${formatCount(score.expected)} expected ${where} ` +
    `(${formatSignedPercent(change)}, ${Math.abs(score.z).toFixed(1)}σ)`;
  return { status: firing ? 'firing' : 'ok', expected: score.expected, observed, z: score.z, detail };
}

/** One-shot form: builds the baseline from `history` then checks. Prefer the prebuilt form when polling. */
export function detectConnectionDrop(input: ConnectionDropInput): ConnectionDropResult {
  sensitivitySigma(input.sensitivity); // fail on bad input before the costly part
  const { history, timezoneOffsetMinutes, bucket, ...check } = input;
  return detectConnectionDropWith(
    buildConnectionBaseline(history, {
      ...(timezoneOffsetMinutes ? { timezoneOffsetMinutes } : {}),
      ...(bucket ? { bucket } : {}),
    }),
    check,
  );
}

/** 3 significant figures with thousands separators: 103,000 and 41,200, 12.3 below 100. */
function formatCount(x: number): string {
  const rounded = x === 0 ? 0 : Number(x.toPrecision(3));
  return rounded.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

function formatSignedPercent(fraction: number): string {
  const p = Math.round(fraction * 100);
  return p < 0 ? `−${-p} %` : `+${p} %`;
}
