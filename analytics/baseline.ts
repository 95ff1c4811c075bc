import { quantile, timeAt } from './series.js';
import type { CapacityBaseline, Confidence, PeakEvidence, Resource, Series, Thresholds, WorkUnit } from './types.js';
import { RESOURCES } from './types.js';

/** History of one unit, aligned on one step grid; resources are utilisation 0..1 of their limit. */
export interface BaselineInput {
  workUnit: WorkUnit;
  load: Series;
  utilisation: Record<Resource, Series>;
  errorRate: Series;
  latencyP95: Series;
  thresholds: Thresholds;
}

const DAY_MS = 86_400_000;
const MIN_DAYS_HIGH = 28;
const MIN_DAYS_MEDIUM = 7;
/** History reaching this fraction of the healthy limit counts as "observed near the limit". */
const OBSERVED_NEAR_LIMIT = 0.9;

/**
 * Capacity baseline of one unit. Seed rule: safe load = safeLoadFactor × the highest load observed
 * healthy. When history never came near the binding resource's limit, that highest healthy load is
 * extrapolated from a robust linear fit of utilisation against load, and the confidence says so.
 */
export function computeBaseline(input: BaselineInput): CapacityBaseline {
  const { workUnit, load, thresholds } = input;
  const healthy = healthyMask(input);
  const fits = {} as Record<Resource, LinearFit | null>;
  const saturationByResource = {} as Record<Resource, number>;
  const healthyLimitByResource = {} as Record<Resource, number>;
  for (const r of RESOURCES) {
    const fit = robustFit(load.values, input.utilisation[r].values, healthy);
    fits[r] = fit;
    saturationByResource[r] = fit && fit.slope > 0 ? (1 - fit.intercept) / fit.slope : Number.POSITIVE_INFINITY;
    healthyLimitByResource[r] =
      fit && fit.slope > 0 ? (thresholds.utilisationFiring - fit.intercept) / fit.slope : Number.POSITIVE_INFINITY;
  }
  const bindingResource = RESOURCES.reduce((best, r) =>
    (healthyLimitByResource[r] as number) < (healthyLimitByResource[best] as number) ? r : best,
  );
  const healthyLimit = healthyLimitByResource[bindingResource] as number;
  const { maxHealthyLoad, days } = healthyPeakStats(load, healthy);
  const evidence = topDailyPeaks(load, input.utilisation[bindingResource], healthy, 5);
  const notes: string[] = [];

  if (!Number.isFinite(healthyLimit) || maxHealthyLoad <= 0 || days < 1) {
    return fromHint(input, bindingResource, saturationByResource, maxHealthyLoad, evidence, days);
  }
  const observed = maxHealthyLoad >= OBSERVED_NEAR_LIMIT * healthyLimit;
  const basis = observed ? maxHealthyLoad : healthyLimit;
  if (!observed) {
    notes.push(
      `highest healthy load ${Math.round(maxHealthyLoad)} rps reached ${Math.round((100 * maxHealthyLoad) / healthyLimit)} % of the ${bindingResource} limit; the limit is extrapolated`,
    );
  }
  return {
    workUnit: workUnit.id,
    bindingResource,
    saturationLoad: saturationByResource[bindingResource] as number,
    maxHealthyLoad,
    safeCapacity: thresholds.safeLoadFactor * basis,
    extrapolated: !observed,
    confidence: confidenceOf(days, observed, healthyLimit / maxHealthyLoad),
    evidence,
    saturationByResource,
    notes,
  };
}

function confidenceOf(days: number, observed: boolean, extrapolationRatio: number): Confidence {
  if (days >= MIN_DAYS_HIGH && observed) return 'high';
  if (days >= MIN_DAYS_MEDIUM && (observed || extrapolationRatio <= 1.8)) return 'medium';
  return 'low';
}

function fromHint(
  input: BaselineInput,
  bindingResource: Resource,
  saturationByResource: Record<Resource, number>,
  maxHealthyLoad: number,
  evidence: PeakEvidence[],
  days: number,
): CapacityBaseline {
  const hint = input.workUnit.capacityHintRps;
  const note =
    hint === undefined
      ? 'not enough loaded history to estimate capacity, and no capacityHintRps declared'
      : `not enough loaded history (${days} days); using the declared capacity hint ${hint} rps`;
  return {
    workUnit: input.workUnit.id,
    bindingResource,
    saturationLoad: hint ?? 0,
    maxHealthyLoad: Math.max(0, maxHealthyLoad),
    safeCapacity: input.thresholds.safeLoadFactor * (hint ?? 0),
    extrapolated: true,
    confidence: 'low',
    evidence,
    saturationByResource,
    notes: [note],
  };
}

function healthyMask(input: BaselineInput): Uint8Array {
  const { load, errorRate, latencyP95, utilisation, thresholds } = input;
  const mask = new Uint8Array(load.values.length);
  for (let i = 0; i < mask.length; i++) {
    const l = load.values[i] as number;
    const e = errorRate.values[i] as number;
    const lat = latencyP95.values[i] as number;
    if (Number.isNaN(l) || Number.isNaN(e) || Number.isNaN(lat)) continue;
    if (e >= thresholds.errorRateFiring || lat >= thresholds.latencyP95FiringMs) continue;
    let saturated = false;
    for (const r of RESOURCES)
      if ((utilisation[r].values[i] as number) >= thresholds.utilisationFiring) saturated = true;
    if (!saturated) mask[i] = 1;
  }
  return mask;
}

interface LinearFit {
  intercept: number;
  slope: number;
}

/**
 * Least squares of utilisation on load over the healthy samples in the upper half of the load range
 * (saturation is about high load; nightly jobs at low load would bend the line), refitted once
 * without residuals beyond 3σ.
 */
function robustFit(load: Float64Array, util: Float64Array, healthy: Uint8Array): LinearFit | null {
  const loads: number[] = [];
  for (let i = 0; i < load.length; i++) {
    if (healthy[i] && !Number.isNaN(util[i] as number)) loads.push(load[i] as number);
  }
  if (loads.length < 24) return null;
  loads.sort((a, b) => a - b);
  const cut = quantile(loads, 0.5);
  const include = (i: number) => healthy[i] === 1 && (load[i] as number) >= cut && !Number.isNaN(util[i] as number);
  const first = leastSquares(load, util, include);
  if (!first) return null;
  let ss = 0;
  let n = 0;
  for (let i = 0; i < load.length; i++) {
    if (!include(i)) continue;
    const r = (util[i] as number) - (first.intercept + first.slope * (load[i] as number));
    ss += r * r;
    n++;
  }
  const sigma = Math.sqrt(ss / Math.max(1, n));
  const second = leastSquares(
    load,
    util,
    (i) =>
      include(i) && Math.abs((util[i] as number) - (first.intercept + first.slope * (load[i] as number))) <= 3 * sigma,
  );
  return second ?? first;
}

function leastSquares(x: Float64Array, y: Float64Array, include: (i: number) => boolean): LinearFit | null {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    if (!include(i)) continue;
    const a = x[i] as number;
    const b = y[i] as number;
    n++;
    sx += a;
    sy += b;
    sxx += a * a;
    sxy += a * b;
  }
  const den = n * sxx - sx * sx;
  if (n < 12 || den <= 0) return null;
  const slope = (n * sxy - sx * sy) / den;
  return { slope, intercept: (sy - slope * sx) / n };
}

function healthyPeakStats(load: Series, healthy: Uint8Array): { maxHealthyLoad: number; days: number } {
  let maxHealthyLoad = 0;
  const days = new Set<number>();
  for (let i = 0; i < load.values.length; i++) {
    if (!healthy[i]) continue;
    const l = load.values[i] as number;
    if (l > maxHealthyLoad) maxHealthyLoad = l;
    days.add(Math.floor(timeAt(load, i) / DAY_MS));
  }
  return { maxHealthyLoad, days: days.size };
}

function topDailyPeaks(load: Series, util: Series, healthy: Uint8Array, count: number): PeakEvidence[] {
  const byDay = new Map<number, PeakEvidence>();
  for (let i = 0; i < load.values.length; i++) {
    if (!healthy[i]) continue;
    const atMs = timeAt(load, i);
    const day = Math.floor(atMs / DAY_MS);
    const l = load.values[i] as number;
    const best = byDay.get(day);
    if (!best || l > best.load) byDay.set(day, { atMs, load: l, utilisation: util.values[i] as number });
  }
  return [...byDay.values()].sort((a, b) => b.load - a.load).slice(0, count);
}
