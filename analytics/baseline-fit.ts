import { timeAt } from './series.js';
import type { Series } from './types.js';

export interface LinearFit {
  intercept: number;
  slope: number;
}

const FIT_BINS = 16;
const HOUR_MS = 3_600_000;

/**
 * Healthy samples in the upper half of the load range, sorted by load. Saturation is about high
 * load; computed once per unit and shared by every resource's fit.
 */
export function upperLoadOrder(load: Float64Array, healthy: Uint8Array): Int32Array {
  const idx: number[] = [];
  for (let i = 0; i < load.length; i++) if (healthy[i] && !Number.isNaN(load[i] as number)) idx.push(i);
  idx.sort((a, b) => (load[a] as number) - (load[b] as number));
  return Int32Array.from(idx.slice(Math.floor(idx.length / 2)));
}

/**
 * Fit of utilisation on load, robust twice over: Theil–Sen through the median point of each load
 * bin, and hours of the day whose samples sit far above the line (a nightly backup, a batch job)
 * are learned as periodic work and left out of the refit.
 */
export function robustFit(order: Int32Array, load: Series, util: Series): LinearFit | null {
  const present = order.filter((i) => !Number.isNaN(util.values[i] as number));
  const first = binnedFit(present, load.values, util.values);
  if (!first) return null;
  const byHour: number[][] = Array.from({ length: 24 }, () => []);
  const absolute = new Float64Array(present.length);
  present.forEach((i, k) => {
    const r = (util.values[i] as number) - (first.intercept + first.slope * (load.values[i] as number));
    byHour[hourOfDay(load, i)]!.push(r);
    absolute[k] = Math.abs(r);
  });
  const limit = Math.max(0.05, 3 * medianOf(absolute));
  const periodic = new Set(
    byHour.flatMap((rs, h) => (rs.length > 0 && medianOf(Float64Array.from(rs)) > limit ? [h] : [])),
  );
  if (periodic.size === 0) return first;
  const kept = present.filter((i) => !periodic.has(hourOfDay(load, i)));
  return binnedFit(kept, load.values, util.values) ?? first;
}

function hourOfDay(series: Series, i: number): number {
  return Math.floor(timeAt(series, i) / HOUR_MS) % 24;
}

/** `order` is sorted by load, so each bin's median load is its middle element. */
export function binnedFit(order: Int32Array, load: Float64Array, util: Float64Array): LinearFit | null {
  if (order.length < 12) return null;
  const size = Math.max(1, Math.floor(order.length / FIT_BINS));
  const bx: number[] = [];
  const by: number[] = [];
  for (let start = 0; start + size <= order.length; start += size) {
    const bin = order.subarray(start, start + size);
    bx.push(load[bin[Math.floor(size / 2)]!] as number);
    by.push(medianOf(Float64Array.from(bin, (i) => util[i] as number)));
  }
  return theilSen(bx, by);
}

/** Theil–Sen: the median of pairwise slopes, so one bad bin cannot tilt the line. */
function theilSen(x: number[], y: number[]): LinearFit | null {
  const slopes: number[] = [];
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = (x[j] as number) - (x[i] as number);
      if (dx > 0) slopes.push(((y[j] as number) - (y[i] as number)) / dx);
    }
  }
  if (slopes.length < 3) return null;
  const slope = medianOf(Float64Array.from(slopes));
  const intercept = medianOf(Float64Array.from(x, (xi, i) => (y[i] as number) - slope * xi));
  return { slope, intercept };
}

/** Length of a slot of the day in which periodic work is looked for. */
export const PERIODIC_SLOT_MS = 15 * 60_000;
const SLOTS_PER_DAY = 96;
const PERIODIC_WINDOW_MS = 28 * 86_400_000;

/**
 * Slots of the UTC day (15 min each, 0..95) in which the resource habitually runs far above its
 * fit — periodic work such as a nightly backup — over the last four weeks' samples, light load
 * included (the fit
 * itself looks only at the upper half of the load range, and a backup runs at night).
 */
export function periodicSlots(fit: LinearFit, load: Series, util: Series): number[] {
  // The last four weeks (habits change; older ones say less about tonight), typed arrays and one
  // grouping pass: this runs for every resource of every unit at each refresh.
  const n = load.values.length;
  const first = Math.max(0, n - Math.round(PERIODIC_WINDOW_MS / load.stepMs));
  const residuals = new Float64Array(n - first);
  const slots = new Int16Array(n - first);
  const counts = new Int32Array(SLOTS_PER_DAY);
  let timeOfDayMs = (((load.startMs + first * load.stepMs) % 86_400_000) + 86_400_000) % 86_400_000;
  let m = 0;
  for (let i = first; i < n; i++, timeOfDayMs = (timeOfDayMs + load.stepMs) % 86_400_000) {
    const l = load.values[i] as number;
    const u = util.values[i] as number;
    if (Number.isNaN(l) || Number.isNaN(u)) continue; // no sample
    const slot = (timeOfDayMs / PERIODIC_SLOT_MS) | 0;
    residuals[m] = u - (fit.intercept + fit.slope * l);
    slots[m] = slot;
    counts[slot]!++;
    m++;
  }
  // The typical size of a residual, from at most 4,096 of them spread over the history: a threshold
  // needs no more precision, and sorting every sample of every resource of every unit costs.
  const stride = Math.max(1, Math.ceil(m / 4_096));
  const spread = new Float64Array(Math.ceil(m / stride));
  for (let k = 0, j = 0; k < m; k += stride, j++) spread[j] = Math.abs(residuals[k]!);
  const limit = Math.max(0.05, 3 * medianOf(spread));
  const offsets = new Int32Array(SLOTS_PER_DAY + 1);
  for (let s = 0; s < SLOTS_PER_DAY; s++) offsets[s + 1] = offsets[s]! + counts[s]!;
  const grouped = new Float64Array(m);
  const fill = offsets.slice(0, SLOTS_PER_DAY);
  for (let k = 0; k < m; k++) grouped[fill[slots[k]!]!++] = residuals[k]!;
  const periodic: number[] = [];
  for (let s = 0; s < SLOTS_PER_DAY; s++) {
    const bin = grouped.subarray(offsets[s]!, offsets[s + 1]!);
    if (bin.length >= 3 && medianOf(bin) > limit) periodic.push(s);
  }
  return periodic;
}

/** Median of a scratch array (sorted in place). */
export function medianOf(values: Float64Array): number {
  if (values.length === 0) return Number.NaN;
  values.sort();
  const mid = (values.length - 1) / 2;
  return ((values[Math.floor(mid)] as number) + (values[Math.ceil(mid)] as number)) / 2;
}

/** 1.4826 × the median absolute value: a robust standard deviation of residuals. */
export function robustSpread(residuals: Float64Array): number {
  const abs = Float64Array.from(residuals, (r) => Math.abs(r));
  return 1.4826 * medianOf(abs);
}
