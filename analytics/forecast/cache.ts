// Fitted forecasts keyed by a hash of the data and the options, so a repeated question (same
// series, same options) costs a lookup instead of a dozen model fits.
import type { ForecastOptions, SeriesForecast } from './forecaster.js';

/** FNV-1a (32-bit, two lanes for 64 bits of key) over the raw bytes of the values and the options. */
export function forecastKey(values: ArrayLike<number>, opts: ForecastOptions): string {
  const floats = Float64Array.from(values as ArrayLike<number>);
  const bytes = new Uint8Array(floats.buffer);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ floats.length;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ (bytes[i] as number), 0x01000193);
    b = Math.imul(b ^ (bytes[i] as number), 0x5bd1e995);
  }
  const optionText = JSON.stringify([
    opts.horizon,
    opts.seasons,
    opts.level,
    opts.models,
    opts.backtestWindows,
    opts.backtestHorizon,
    opts.robust,
    opts.debias,
    opts.exclude,
    opts.rejectAbove,
  ]);
  for (let i = 0; i < optionText.length; i++) a = Math.imul(a ^ optionText.charCodeAt(i), 0x01000193);
  return `${(a >>> 0).toString(16)}${(b >>> 0).toString(16)}-${floats.length}`;
}

/** Least-recently-used map of forecasts. */
export class ForecastCache {
  private readonly entries = new Map<string, SeriesForecast>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 256) {}

  getOrCompute(key: string, compute: () => SeriesForecast): SeriesForecast {
    const found = this.entries.get(key);
    if (found) {
      this.hits++;
      this.entries.delete(key);
      this.entries.set(key, found);
      return found;
    }
    this.misses++;
    const value = compute();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
