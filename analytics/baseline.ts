import { type LinearFit, periodicSlots, robustFit, upperLoadOrder } from './baseline-fit.js';
import { fitSpread, responseFit } from './response-fit.js';
import { timeAt } from './series.js';
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
/** Beyond this ratio of limit to observed load (a cold standby's trickle), a declared hint is trusted more. */
const MAX_EXTRAPOLATION = 3;
/** Extrapolating a linear fit up to this multiple of the observed load still earns "medium". */
const MAX_CONFIDENT_EXTRAPOLATION = 2.5;

/**
 * Capacity baseline of one unit. Seed rule: safe load = safeLoadFactor × the highest load observed
 * healthy. When history never came near the binding resource's limit, that highest healthy load is
 * extrapolated from a robust linear fit of utilisation against load, and the confidence says so.
 */
export function computeBaseline(input: BaselineInput): CapacityBaseline {
  const { workUnit, load, thresholds } = input;
  const healthy = healthyMask(input);
  const order = upperLoadOrder(load.values, healthy);
  const fits = {} as Record<Resource, (LinearFit & { periodicSlots: number[]; spread?: number }) | null>;
  const saturationByResource = {} as Record<Resource, number>;
  const healthyLimitByResource = {} as Record<Resource, number>;
  for (const r of RESOURCES) {
    const fit = robustFit(order, load, input.utilisation[r]);
    fits[r] = fit && {
      ...fit,
      periodicSlots: periodicSlots(fit, load, input.utilisation[r]),
      spread: fitSpread(order, fit, load, input.utilisation[r]),
    };
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
  const bindingFit = fits[bindingResource];
  const response = bindingFit ? responseFit(order, bindingFit, load, input.latencyP95, input.errorRate) : undefined;

  const tooFar = healthyLimit / maxHealthyLoad > MAX_EXTRAPOLATION && workUnit.capacityHintRps !== undefined;
  if (!Number.isFinite(healthyLimit) || maxHealthyLoad <= 0 || days < 1 || tooFar) {
    return withResponse(
      fromHint(input, bindingResource, saturationByResource, fits, maxHealthyLoad, evidence),
      response,
    );
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
    utilisationFit: fits,
    ...(response ? { response } : {}),
    notes,
  };
}

function withResponse(baseline: CapacityBaseline, response: CapacityBaseline['response']): CapacityBaseline {
  return response ? { ...baseline, response } : baseline;
}

function confidenceOf(days: number, observed: boolean, extrapolationRatio: number): Confidence {
  if (days >= MIN_DAYS_HIGH && observed) return 'high';
  if (days >= MIN_DAYS_MEDIUM && (observed || extrapolationRatio <= MAX_CONFIDENT_EXTRAPOLATION)) return 'medium';
  return 'low';
}

function fromHint(
  input: BaselineInput,
  bindingResource: Resource,
  saturationByResource: Record<Resource, number>,
  utilisationFit: CapacityBaseline['utilisationFit'],
  maxHealthyLoad: number,
  evidence: PeakEvidence[],
): CapacityBaseline {
  const hint = input.workUnit.capacityHintRps;
  const note =
    hint === undefined
      ? 'not enough loaded history to estimate capacity, and no capacityHintRps declared'
      : `history too light to extrapolate (highest healthy load ${Math.round(maxHealthyLoad)} rps); using the declared capacity hint ${hint} rps`;
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
    utilisationFit,
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
