import type { Series } from '../types.js';

const HOUR_MS = 3_600_000;

/** Deterministic uniform [0, 1) generator (mulberry32), so synthetic series are reproducible by seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticConnectionsOptions {
  startMs: number;
  days: number;
  stepMs: number;
  /** Connections at the 21:00 daily peak (UTC in these series). */
  peak: number;
  /** Trough as a share of the peak (at 09:00, opposite the peak). */
  troughShare: number;
  /** Relative noise (uniform ±). */
  noise: number;
  /** Multiplier applied every day during 02:00–02:59 (the nightly backup), e.g. 0.4 or 1.5. */
  backupFactor?: number;
  seed?: number;
}

/**
 * Open connections the way the fleet shows them: a daily cycle peaking at 21:00 with noise, and
 * optionally a nightly backup window at 02:00 that moves them every night.
 */
export function syntheticConnections(o: SyntheticConnectionsOptions): Series {
  const rand = seededRandom(o.seed ?? 1);
  const n = Math.round((o.days * 24 * HOUR_MS) / o.stepMs);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = o.startMs + i * o.stepMs;
    values[i] = connectionsNorm(o, t) * (1 + o.noise * (2 * rand() - 1));
  }
  return { startMs: o.startMs, stepMs: o.stepMs, values };
}

/** The noiseless value of `syntheticConnections` at `t`. */
export function connectionsNorm(o: SyntheticConnectionsOptions, t: number): number {
  const hourOfDay = (t / HOUR_MS) % 24;
  const cycle = (1 + Math.cos((2 * Math.PI * (hourOfDay - 21)) / 24)) / 2; // 1 at 21:00, 0 at 09:00
  const level = o.peak * (o.troughShare + (1 - o.troughShare) * cycle);
  return Math.floor(hourOfDay) === 2 && o.backupFactor !== undefined ? level * o.backupFactor : level;
}
