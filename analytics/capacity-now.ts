import { PERIODIC_SLOT_MS } from './baseline-fit.js';
import type { CapacityBaseline, Resource, UnitResponseFit } from './types.js';
import { RESOURCES } from './types.js';
import { latencyAt, pressureFromErrorRate, pressureFromLatency } from './unit-response.js';

const DAY_MS = 86_400_000;
const SLOTS = DAY_MS / PERIODIC_SLOT_MS;
/** A loss is claimed only when even the optimistic end of its interval loses this much. */
const MIN_LOSS = 0.1;
/** …and utilisation is at least this much above the line in absolute terms (noise on an idle resource). */
const MIN_EXCESS = 0.03;
/** Spreads assumed when a baseline from an older version carries none. */
const DEFAULT_UTILISATION_SPREAD = 0.02;
const DEFAULT_LATENCY_SPREAD = 0.05;
const DEFAULT_ERROR_SPREAD = 0.002;
/** Intervals are ± this many spreads (wide: a loss claimed on noise would push traffic away for nothing). */
const Z = 3;
/** An error rate must exceed its base by this much before it says anything about capacity. */
const MIN_ERROR_EXCESS = 0.005;
/** A utilisation this close to 1 is clamped by the exporter: it bounds the loss from below only. */
const CLAMPED = 0.995;
/** Never claim more than this much of the capacity is gone. */
const MIN_KEPT = 0.02;

/** Per-request metrics now, when known: they show lost capacity whatever the utilisation. */
export interface PerRequestNow {
  latencyP95?: number;
  errorRate?: number;
}

export interface CapacityLoss {
  /** Best estimate of the fraction of the learned capacity lost now. */
  fraction: number;
  /** Interval of that fraction (from the spread of each learned curve). */
  low: number;
  high: number;
  /** Only a lower bound is known (every sign that saw it was clamped at 100 %). */
  atLeast: boolean;
  /** Every sign of degradation that saw it, in words. */
  evidence: string[];
}

export interface CapacityNow {
  /** Safe capacity now: the learned one, scaled down by what the unit has lost. */
  safeCapacity: number;
  /** Fraction of the learned capacity still there (1 = none lost, or not judged). */
  kept: number;
  /** The resource whose excess utilisation sets the loss, when one does. */
  resource?: Resource;
  detail?: string;
  /** The loss with its interval and evidence; absent when none is seen. */
  lost?: CapacityLoss;
}

/** One sign's estimate of the fraction of capacity kept, relative to the learned binding resource. */
interface Sign {
  kept: number;
  low: number;
  high: number;
  /** Only `high` is known (a clamped utilisation). */
  boundOnly: boolean;
  resource?: Resource;
  words: string;
}

/**
 * Capacity now, from every sign of degradation at any load: each resource's utilisation per unit of
 * load against its learned line, and latency p95 and error rate at the current load against the
 * unit's learned load→latency/error response (which keep growing past the point where utilisation
 * clamps at 100 %). Each sign gives the fraction kept with an interval from its curve's spread; a
 * loss is claimed when a sign's interval clears MIN_LOSS, and the worst sign sets it. A resource is
 * not judged by utilisation in the 15-minute slots of its learned periodic work (a nightly backup).
 */
export function capacityNow(
  baseline: CapacityBaseline,
  atMs: number,
  load: number,
  utilisation: Partial<Record<Resource, number>>,
  perRequest: PerRequestNow = {},
): CapacityNow {
  const learned = { safeCapacity: baseline.safeCapacity, kept: 1 };
  if (!(load > 0)) return learned;
  const bindingSaturation = baseline.saturationByResource[baseline.bindingResource];
  if (!(bindingSaturation > 0) || !Number.isFinite(bindingSaturation)) return learned;
  const slot = Math.floor((((atMs % DAY_MS) + DAY_MS) % DAY_MS) / PERIODIC_SLOT_MS);
  const signs: Sign[] = [];
  for (const r of RESOURCES) {
    const sign = utilisationSign(baseline, r, load, utilisation[r], slot, bindingSaturation);
    if (sign) signs.push(sign);
  }
  const binding = baseline.utilisationFit[baseline.bindingResource];
  const response = baseline.response;
  if (binding && binding.slope > 0 && response) {
    const expected = binding.intercept + binding.slope * load;
    const latency = latencySign(response, expected, perRequest.latencyP95);
    if (latency) signs.push(latency);
    const errors = errorSign(response, expected, perRequest.errorRate);
    if (errors) signs.push(errors);
  }
  const seen = signs.filter((s) => s.high <= 1 - MIN_LOSS);
  if (seen.length === 0) return learned;
  const estimates = seen.filter((s) => !s.boundOnly);
  const bound = Math.min(...seen.map((s) => s.high));
  const point = estimates.length > 0 ? Math.min(bound, ...estimates.map((s) => s.kept)) : bound;
  const kept = Math.max(MIN_KEPT, point);
  const keptLow = Math.max(MIN_KEPT, Math.min(kept, ...seen.map((s) => s.low)));
  const keptHigh = Math.max(kept, bound);
  const worst = [...seen].sort((a, b) => a.kept - b.kept)[0]!;
  const atLeast = estimates.length === 0;
  const lost: CapacityLoss = {
    fraction: 1 - kept,
    low: 1 - keptHigh,
    high: 1 - keptLow,
    atLeast,
    evidence: seen.map((s) => s.words),
  };
  const size = atLeast
    ? `at least ${pct(lost.low)}`
    : `about ${pct(lost.fraction)} (${Math.round(100 * lost.low)}–${pct(lost.high)})`;
  const result: CapacityNow = {
    safeCapacity: baseline.safeCapacity * kept,
    kept,
    detail: `${lost.evidence.join('; ')}: ${size} of capacity lost`,
    lost,
  };
  const resource = worst.resource ?? seen.find((s) => s.resource)?.resource;
  if (resource) result.resource = resource;
  return result;
}

function utilisationSign(
  baseline: CapacityBaseline,
  r: Resource,
  load: number,
  observed: number | undefined,
  slot: number,
  bindingSaturation: number,
): Sign | undefined {
  const fit = baseline.utilisationFit[r];
  if (!fit || !(fit.slope > 0) || observed === undefined || !Number.isFinite(observed)) return undefined;
  // the hours of learned periodic work run hot by habit (and the slots next to them: a backup
  // starts and ends a little off the grid)
  if ([slot - 1, slot, slot + 1].some((x) => fit.periodicSlots.includes((x + SLOTS) % SLOTS))) return undefined;
  const expected = fit.intercept + fit.slope * load;
  if (!(expected > 0) || observed - expected < MIN_EXCESS) return undefined;
  const spread = Number.isFinite(fit.spread) && fit.spread! > 0 ? fit.spread! : DEFAULT_UTILISATION_SPREAD;
  // resource r keeps expected/observed of its capacity; the unit keeps that of its binding capacity
  const scale = baseline.saturationByResource[r] / bindingSaturation;
  const ofBinding = (k: number) => Math.min(1, Math.max(0, k) * scale);
  // an exporter that clamps reports exactly 100 %; a reading above it is a real one
  const clamped = observed >= CLAMPED && observed <= 1;
  const high = ofBinding((expected + Z * spread) / observed);
  if (clamped) {
    return {
      kept: high,
      low: MIN_KEPT,
      high,
      boundOnly: true,
      resource: r,
      words: `${r} clamped at 100 % where ${pct(expected)} is expected at this load`,
    };
  }
  return {
    kept: ofBinding(expected / observed),
    low: ofBinding((expected - Z * spread) / observed),
    high,
    boundOnly: false,
    resource: r,
    words: `${r} at ${pct(observed)} where ${pct(expected)} is expected at this load`,
  };
}

function latencySign(fit: UnitResponseFit, expectedPressure: number, latency: number | undefined): Sign | undefined {
  if (latency === undefined || !Number.isFinite(latency) || !(fit.latencyQueueGain > 0)) return undefined;
  const spread = fit.latencySpread > 0 ? fit.latencySpread : DEFAULT_LATENCY_SPREAD;
  const observedPressure = pressureFromLatency(fit, latency);
  const fast = pressureFromLatency(fit, latency * (1 - Z * spread));
  const slow = pressureFromLatency(fit, latency * (1 + Z * spread));
  if (!(observedPressure > expectedPressure) || !(fast > 0)) return undefined;
  const expectedMs = latencyAt(fit, expectedPressure);
  return {
    kept: Math.min(1, expectedPressure / observedPressure),
    low: Math.min(1, expectedPressure / slow),
    high: Math.min(1, expectedPressure / fast),
    boundOnly: false,
    words: `latency p95 ${Math.round(latency)} ms where ${Math.round(expectedMs)} ms is expected at this load`,
  };
}

function errorSign(fit: UnitResponseFit, expectedPressure: number, errorRate: number | undefined): Sign | undefined {
  if (errorRate === undefined || !Number.isFinite(errorRate)) return undefined;
  if (errorRate - fit.errorBase < MIN_ERROR_EXCESS) return undefined;
  const spread = fit.errorSpread > 0 ? fit.errorSpread : DEFAULT_ERROR_SPREAD;
  const observedPressure = pressureFromErrorRate(fit, errorRate - Z * spread);
  if (!(observedPressure > expectedPressure)) return undefined;
  const worse = pressureFromErrorRate(fit, errorRate + Z * spread);
  const pressure = pressureFromErrorRate(fit, errorRate);
  return {
    kept: Math.min(1, expectedPressure / pressure),
    low: Math.min(1, expectedPressure / worse),
    high: Math.min(1, expectedPressure / observedPressure),
    boundOnly: false,
    words: `error rate ${(100 * errorRate).toFixed(1)} % where ${(100 * fit.errorBase).toFixed(1)} % is expected at this load`,
  };
}

function pct(x: number): string {
  return `${Math.round(100 * x)} %`;
}
