import { HeadroomError } from '../../errors.js';
import type { StreamingDetector } from './types.js';

export interface LikelihoodDetectorOptions {
  /**
   * Points the caller treats as learning time (NAB gives every detector its probationary period:
   * 15 % of the file, at most 750 rows). Scores are 0 there; it also sets the memory lengths.
   */
  probationaryPoints: number;
  /** Points in the window the prediction is made from (default: probation / 2, at least 20). */
  windowPoints?: number;
  /** Raw errors averaged for the short-term reading (default 6). */
  shortPoints?: number;
  /** After an alarm, scores are held low this long (default: the probation length). */
  refractoryPoints?: number;
  /** Likelihood from which a point is an alarm for the refractory rule (default 0.999). */
  alarmLevel?: number;
}

/**
 * Prediction error turned into an anomaly likelihood, after HTM's "anomaly likelihood" (Ahmad et
 * al. 2017): each point is predicted from a robust window of the recent past (median, MAD); the
 * raw error is how far the point falls outside it; what is scored is not the error itself but how
 * unusual the recent errors are against the distribution of errors so far (a tail probability of
 * their short-term mean). A noisy metric then has to get noisier than usual to alarm, a quiet one
 * alarms on a small change. One incident, one alarm: after an alarm, scores are held down for a
 * refractory period, except for a point even less likely than the one that alarmed.
 */
export function createLikelihoodDetector(opts: LikelihoodDetectorOptions): StreamingDetector {
  const probation = Math.max(1, Math.floor(opts.probationaryPoints));
  const window = Math.max(20, opts.windowPoints ?? Math.floor(probation / 2));
  const short = opts.shortPoints ?? 6;
  const refractory = opts.refractoryPoints ?? probation;
  const alarmLevel = opts.alarmLevel ?? 0.999;
  if (!(short >= 1 && refractory >= 0 && alarmLevel > 0 && alarmLevel < 1)) {
    throw new HeadroomError('INPUT_INVALID', 'likelihood detector options out of range', { ...opts });
  }
  const values: number[] = [];
  const errors: number[] = [];
  let seen = 0;
  let sinceAlarm = Number.POSITIVE_INFINITY;
  let alarmLikelihood = 1;
  let stats = { centre: 0, spread: 1, refreshAt: 0 };
  let errStats = { mean: 0, sigma: 1, refreshAt: 0 };

  return {
    name: 'headroom-likelihood',
    next(_atMs, value) {
      if (!Number.isFinite(value)) return 0;
      seen++;
      let error = 0;
      if (values.length >= 10) {
        if (seen >= stats.refreshAt) stats = { ...robustCentre(values), refreshAt: seen + 1 };
        error = Math.abs(value - stats.centre) / stats.spread;
      }
      values.push(value);
      if (values.length > window) values.shift();
      errors.push(error);
      if (errors.length > 4 * probation) errors.shift();
      if (seen <= probation || errors.length < 2 * short) return 0;

      if (seen >= errStats.refreshAt) errStats = { ...meanSigma(errors), refreshAt: seen + 10 };
      let recent = 0;
      for (let i = errors.length - short; i < errors.length; i++) recent += errors[i] as number;
      recent /= short;
      const z = (recent - errStats.mean) / Math.max(errStats.sigma, 1e-6);
      const likelihood = 1 - tailProbability(z);

      sinceAlarm++;
      if (sinceAlarm <= refractory && likelihood <= alarmLikelihood) return likelihood * 0.5;
      if (likelihood >= alarmLevel) {
        sinceAlarm = 0;
        alarmLikelihood = likelihood;
      }
      return likelihood;
    },
  };
}

function robustCentre(xs: readonly number[]): { centre: number; spread: number } {
  const s = [...xs].sort((a, b) => a - b);
  const centre = s[Math.floor(s.length / 2)] as number;
  const dev = s.map((v) => Math.abs(v - centre)).sort((a, b) => a - b);
  const mad = dev[Math.floor(dev.length / 2)] as number;
  const range = (s.at(-1) as number) - (s[0] as number);
  return { centre, spread: Math.max(1.4826 * mad, 0.01 * range, 1e-9 + 1e-6 * Math.abs(centre)) };
}

function meanSigma(xs: readonly number[]): { mean: number; sigma: number } {
  let m = 0;
  for (const x of xs) m += x;
  m /= xs.length;
  let v = 0;
  for (const x of xs) v += (x - m) * (x - m);
  return { mean: m, sigma: Math.sqrt(v / xs.length) };
}

/** Upper-tail probability of the standard normal, Q(z) (Abramowitz & Stegun 7.1.26). */
function tailProbability(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
    Math.exp(-x * x);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}
