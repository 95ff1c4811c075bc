import { describe, expect, it } from 'vitest';
import { connectionsNorm, type SyntheticConnectionsOptions, syntheticConnections } from '../synthetic-series.js';
import { createSeasonalDetector } from './seasonal-detector.js';
import { createWindowedGaussian } from './windowed-gaussian.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-02-02T00:00:00Z');
const SHAPE: SyntheticConnectionsOptions = {
  startMs: START,
  days: 21,
  stepMs: 5 * 60_000,
  peak: 100_000,
  troughShare: 0.3,
  noise: 0.03,
  backupFactor: 0.4,
  seed: 9,
};

/** Streams three weeks of connections (nightly backup at 02:00) with a 60 % drop injected on day 18 at 21:00. */
function stream(make: () => { next(atMs: number, v: number): number }) {
  const series = syntheticConnections(SHAPE);
  const dropAt = START + 18 * DAY + 21 * HOUR;
  const detector = make();
  let dropScore = 0;
  let maxBackupScore = 0;
  for (let i = 0; i < series.values.length; i++) {
    const t = START + i * SHAPE.stepMs;
    const dropped = t >= dropAt && t < dropAt + 30 * 60_000;
    const score = detector.next(t, dropped ? 0.4 * connectionsNorm(SHAPE, t) : (series.values[i] as number));
    if (dropped) dropScore = Math.max(dropScore, score);
    else if (t >= START + 7 * DAY && Math.floor((t % DAY) / HOUR) === 2)
      maxBackupScore = Math.max(maxBackupScore, score);
  }
  return { dropScore, maxBackupScore };
}

describe('seasonal streaming detector', () => {
  it('scores the 21:00 connection drop well above any nightly backup', () => {
    const { dropScore, maxBackupScore } = stream(() => createSeasonalDetector());
    // σ here is the spread of the whole history (daily cycle included), so the drop is ~2.8σ; the
    // backups, learnt as 02:00's norm, stay near 0.
    expect(dropScore).toBeGreaterThan(0.4);
    expect(maxBackupScore).toBeLessThan(0.1);
    expect(dropScore).toBeGreaterThan(4 * maxBackupScore);
  });

  it('scores 0 while warming up and stays in [0, 1)', () => {
    const d = createSeasonalDetector();
    for (let i = 0; i < 12; i++) expect(d.next(START + i * 300_000, 5 + (i % 2))).toBe(0);
    for (let i = 12; i < 2000; i++) {
      const s = d.next(START + i * 300_000, i === 1500 ? 1e6 : 5 + (i % 2));
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(1);
      if (i === 1500) expect(s).toBeGreaterThan(0.9);
    }
  });
});

describe('windowed Gaussian baseline', () => {
  it('cannot tell the backup from the drop: both are just far from the window mean', () => {
    const { dropScore, maxBackupScore } = stream(() => createWindowedGaussian());
    expect(dropScore).toBeLessThan(maxBackupScore + 0.2);
  });

  it('scores a spike above the noise and the first point 0', () => {
    const d = createWindowedGaussian({ windowSize: 50, stepSize: 5 });
    expect(d.next(0, 10)).toBe(0);
    let maxNoise = 0;
    for (let i = 1; i < 200; i++) {
      const s = d.next(i, 10 + (i % 3));
      if (i >= 100) maxNoise = Math.max(maxNoise, s);
    }
    expect(d.next(200, 100)).toBeGreaterThan(maxNoise);
    expect(() => createWindowedGaussian({ windowSize: 0 })).toThrow(/positive integers/);
  });
});
