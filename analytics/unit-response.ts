// The fleet model's physics: how a unit's latency and error rate respond to the pressure on its
// binding resource (utilisation relative to the capacity it has now). The same curves the
// simulator uses; the base latency, the queueing gain and the base error rate are learned per unit
// from its history (baseline.ts), the shape of the near-limit error growth is the model's.
import type { UnitResponseFit } from './types.js';

const KNEE = 0.98;
/** Error growth near the limit: 0.6 × (u − 0.85)² below the limit, plus 0.8 × (u − 1) beyond it. */
const ERROR_NEAR = { from: 0.85, gain: 0.6 };
const ERROR_OVER = 0.8;

/** Queueing growth u/(1−u), continued linearly (same slope) past the knee so it stays finite. */
export function queueing(pressure: number): number {
  const u = Math.max(0, pressure);
  if (u <= KNEE) return u / (1 - u);
  return KNEE / (1 - KNEE) + (u - KNEE) / (1 - KNEE) ** 2;
}

/** The pressure at which queueing(pressure) = q (q ≥ 0). */
export function pressureForQueueing(q: number): number {
  if (!(q > 0)) return 0;
  const atKnee = KNEE / (1 - KNEE);
  if (q <= atKnee) return q / (1 + q);
  return KNEE + (q - atKnee) * (1 - KNEE) ** 2;
}

export function latencyAt(fit: UnitResponseFit, pressure: number): number {
  return fit.latencyBaseMs * (1 + fit.latencyQueueGain * queueing(pressure));
}

export function errorRateAt(fit: UnitResponseFit, pressure: number): number {
  const near = Math.max(0, pressure - ERROR_NEAR.from);
  const over = Math.max(0, pressure - 1);
  return Math.min(1, fit.errorBase + ERROR_NEAR.gain * near * near + ERROR_OVER * over);
}

/** The pressure that explains an observed latency p95 (NaN when the fit cannot tell). */
export function pressureFromLatency(fit: UnitResponseFit, latencyMs: number): number {
  if (!(fit.latencyBaseMs > 0) || !(fit.latencyQueueGain > 0) || !Number.isFinite(latencyMs)) return Number.NaN;
  return pressureForQueueing((latencyMs / fit.latencyBaseMs - 1) / fit.latencyQueueGain);
}

/** The pressure that explains an observed error rate (NaN below the near-limit range: no information). */
export function pressureFromErrorRate(fit: UnitResponseFit, errorRate: number): number {
  const excess = errorRate - fit.errorBase;
  if (!Number.isFinite(excess) || excess <= 0) return Number.NaN;
  const atLimit = ERROR_NEAR.gain * (1 - ERROR_NEAR.from) ** 2;
  if (excess <= atLimit) return ERROR_NEAR.from + Math.sqrt(excess / ERROR_NEAR.gain);
  // beyond the limit both terms grow: solve 0.6 (u − 0.85)² + 0.8 (u − 1) = excess for u ≥ 1
  const a = ERROR_NEAR.gain;
  const b = -2 * ERROR_NEAR.gain * ERROR_NEAR.from + ERROR_OVER;
  const c = ERROR_NEAR.gain * ERROR_NEAR.from ** 2 - ERROR_OVER - excess;
  return (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
}

/** The highest pressure at which latency stays below `latencyMs` and errors below `errorRate`. */
export function maxPressureWithin(fit: UnitResponseFit, latencyMs: number, errorRate: number): number {
  const byLatency = pressureFromLatency(fit, latencyMs);
  const byErrors = pressureFromErrorRate(fit, errorRate);
  return Math.min(Number.isNaN(byLatency) ? 1 : byLatency, Number.isNaN(byErrors) ? 1 : byErrors);
}
