// Counter-based randomness: every random number is a pure function of its coordinates
// (seed, unit, metric, step), so any instant can be computed without replaying the past.

/** FNV-1a of a string, as an unsigned 32-bit integer (ids become hash coordinates). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: a cheap, well-mixed 32-bit permutation. */
function fmix(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Uniform in [0, 1) from integer coordinates. Coordinates may be any safe integers (steps are large). */
export function uniform(...coords: number[]): number {
  let h = 0x9e3779b9;
  for (const c of coords) {
    // Fold the high part too: step indices exceed 32 bits only far in the future, but be exact anyway.
    const lo = c >>> 0;
    const hi = Math.floor(c / 4294967296) >>> 0;
    h = fmix(h ^ lo);
    h = fmix((h + hi + 0x6a09e667) >>> 0);
  }
  return h / 4294967296;
}

/** Uniform in [-1, 1). */
export function signedUniform(...coords: number[]): number {
  return uniform(...coords) * 2 - 1;
}

/**
 * Smooth noise in [-1, 1]: random values at knots every `knotSpan` units of `x`, joined by a
 * smoothstep, so the noise drifts instead of jittering from one sample to the next.
 */
export function smoothNoise(x: number, knotSpan: number, ...coords: number[]): number {
  const pos = x / knotSpan;
  const knot = Math.floor(pos);
  const f = pos - knot;
  const s = f * f * (3 - 2 * f);
  const a = signedUniform(...coords, knot);
  const b = signedUniform(...coords, knot + 1);
  return a + (b - a) * s;
}
