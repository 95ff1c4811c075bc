// Gaps (NaN) are filled before fitting: augurs' models need a complete series.

/**
 * Fills NaN with the value one `period` earlier when there is one (keeps the daily shape through
 * a missing hour or day), else by linear interpolation between the nearest present neighbours.
 * Leading gaps take the first present value.
 */
export function fillGaps(values: ArrayLike<number>, period: number): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  const n = out.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(out[i] as number)) continue;
    if (i >= period && !Number.isNaN(out[i - period] as number)) {
      out[i] = out[i - period] as number;
      continue;
    }
    let next = i + 1;
    while (next < n && Number.isNaN(out[next] as number)) next++;
    const prev = i - 1;
    const a = prev >= 0 ? (out[prev] as number) : undefined;
    const b = next < n ? (out[next] as number) : undefined;
    if (a === undefined && b === undefined) return out; // nothing present at all; caller rejects it
    out[i] = a === undefined ? (b as number) : b === undefined ? a : a + ((b - a) * (i - prev)) / (next - prev);
  }
  return out;
}

export function countPresent(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i] as number)) n++;
  return n;
}
