// The slice of @bsull/augurs the forecasters use, as an interface: analytics stays pure and
// receives an initialised handle (loading the WASM reads files, which happens in tools/forecast).

export interface AugursForecastOut {
  point: number[];
  intervals?: { level: number; lower: number[]; upper: number[] } | undefined;
}

export interface AugursModel {
  fit(y: number[] | Float64Array): void;
  predict(horizon: number, level?: number | null): AugursForecastOut;
  free(): void;
}

export interface ProphetLike {
  fit(data: { ds: number[]; y: number[] | Float64Array }): void;
  makeFutureDataframe(horizon: number, opts?: { includeHistory?: boolean }): { ds: number[] };
  predict(data?: { ds: number[] }): { yhat: AugursForecastOut };
  free(): void;
}

export interface Augurs {
  /** MSTL decomposition on the given periods with an AutoETS trend (augurs' only trend model). */
  mstlEts(periods: number[]): AugursModel;
  /** AutoETS search restricted by `spec`, e.g. "ZZN" (non-seasonal; seasonal specs are unsupported). */
  autoEts(spec: string): AugursModel;
  /** Prophet with the wasmstan optimizer; `intervalWidth` e.g. 0.8. */
  prophet(opts: { intervalWidth: number; daily: boolean; weekly: boolean }): ProphetLike;
}
