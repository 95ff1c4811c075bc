// The forecaster other code calls: per-series model selection (analytics/forecast) on the
// process's augurs handle, with fitted forecasts cached by a hash of data and options.
import { ForecastCache, forecastKey } from '../../analytics/forecast/cache.js';
import {
  type ForecastOptions,
  forecastWithSelection,
  type SeriesForecast,
} from '../../analytics/forecast/forecaster.js';
import { loadedAugurs } from './augurs.js';

export type { ForecastOptions, SeriesForecast } from '../../analytics/forecast/forecaster.js';

export const forecastCache = new ForecastCache(256);

/** Synchronous once `await loadAugurs()` has run (throws RUNTIME before). */
export function forecastSeries(values: number[] | Float64Array, opts: ForecastOptions): SeriesForecast {
  return forecastCache.getOrCompute(forecastKey(values, opts), () =>
    forecastWithSelection(loadedAugurs(), values, opts),
  );
}
