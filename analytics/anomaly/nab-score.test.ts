import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../errors.js';
import { scoreCorpus } from './nab-corpus.js';
import { NAB_PROFILES, type NabFile, probationaryLength, scaledSigmoid, scoreFile } from './nab-score.js';

const { standard, reward_low_FP, reward_low_FN } = NAB_PROFILES;

/** 100 rows (probation: the first 15), one window over rows 40..49; detections where `at` says. */
function file(detections: Record<number, number>, windows = [{ start: 40, end: 49 }]): NabFile {
  const scores = new Float64Array(100);
  for (const [row, score] of Object.entries(detections)) scores[Number(row)] = score;
  return { name: 'f', scores, windows };
}
const detect = (...rows: number[]) => file(Object.fromEntries(rows.map((r) => [r, 1])));

describe('NAB scaled sigmoid and probation', () => {
  it('matches the published values', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5); // window's left edge
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5); // halfway in
    expect(scaledSigmoid(0)).toBe(0); // right edge
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3)).toBe(-1);
  });

  it('is 15 % of the rows, at most 750', () => {
    expect(probationaryLength(100)).toBe(15);
    expect(probationaryLength(4032)).toBe(604);
    expect(probationaryLength(10_320)).toBe(750);
  });

  it('has the three profiles of NAB', () => {
    expect(standard).toEqual({ tp: 1, fp: 0.11, fn: 1, tn: 1 });
    expect(reward_low_FP).toEqual({ tp: 1, fp: 0.22, fn: 1, tn: 1 });
    expect(reward_low_FN).toEqual({ tp: 1, fp: 0.11, fn: 2, tn: 1 });
  });
});

describe('scoreFile (hand-computed)', () => {
  it('a detection on the first row of the window earns the full tp', () => {
    const r = scoreFile(detect(40), standard, 0.5);
    expect(r.score).toBeCloseTo(1, 10);
    expect(r).toMatchObject({ truePositives: 1, falseNegatives: 0, falsePositives: 0 });
  });

  it('a detection on the last row earns σ(−1/10)/σ(−1) = tanh(0.25)/tanh(2.5)', () => {
    expect(scoreFile(detect(49), standard, 0.5).score).toBeCloseTo(0.2482415, 6);
  });

  it('only the earliest detection in a window counts', () => {
    expect(scoreFile(detect(44, 40, 47), standard, 0.5).score).toBeCloseTo(1, 10);
  });

  it('a missed window costs fn (2 under reward_low_FN)', () => {
    expect(scoreFile(detect(), standard, 0.5).score).toBe(-1);
    expect(scoreFile(detect(), reward_low_FN, 0.5).score).toBe(-2);
  });

  it('a false positive before any window costs the full fp; during probation nothing', () => {
    expect(scoreFile(detect(20), standard, 0.5).score).toBeCloseTo(-1.11, 10);
    expect(scoreFile(detect(20), reward_low_FP, 0.5).score).toBeCloseTo(-1.22, 10);
    expect(scoreFile(detect(10), standard, 0.5).score).toBe(-1);
  });

  it('a false positive just after a window costs less: fp × σ(1/9)', () => {
    const r = scoreFile(detect(40, 50), standard, 0.5);
    expect(r.score).toBeCloseTo(1 - 0.0297932, 6);
    expect(r.falsePositives).toBe(1);
  });

  it('counts only rows at or above the threshold as detections', () => {
    const f = file({ 40: 0.4, 45: 0.8 });
    expect(scoreFile(f, standard, 0.5).score).toBeCloseTo(scoreFile(detect(45), standard, 0.5).score, 12);
    expect(scoreFile(f, standard, 0.4).score).toBeCloseTo(1, 10);
  });

  it('rejects overlapping or out-of-range windows', () => {
    expect(() =>
      scoreFile(
        file({}, [
          { start: 40, end: 49 },
          { start: 45, end: 60 },
        ]),
        standard,
        0.5,
      ),
    ).toThrow(HeadroomError);
    expect(() => scoreFile(file({}, [{ start: 90, end: 120 }]), standard, 0.5)).toThrow(/outside the file's 100 rows/);
  });
});

describe('scoreCorpus', () => {
  it('picks the best threshold and normalises between the null and the perfect detector', () => {
    // Row 42 (inside) scores 0.9, row 70 (outside) 0.5: the best threshold keeps only row 42.
    const r = scoreCorpus([file({ 42: 0.9, 70: 0.5 })], standard);
    expect(r.threshold).toBe(0.9);
    expect(r.raw).toBeCloseTo(0.9771068, 6); // tanh(2)/tanh(2.5)
    expect(r.nullScore).toBe(-1);
    expect(r.perfectScore).toBe(1);
    expect(r.normalised).toBeCloseTo(98.855342, 5);
    expect(r).toMatchObject({ truePositives: 1, falseNegatives: 0, falsePositives: 0 });
  });

  it('sums files: a perfect detector scores 100, the null detector 0', () => {
    const perfect = [detect(40), file({ 60: 1 }, [{ start: 60, end: 79 }])];
    expect(scoreCorpus(perfect, reward_low_FN).normalised).toBeCloseTo(100, 10);
    const silent = [detect(), file({}, [{ start: 60, end: 79 }])];
    const r = scoreCorpus(silent, reward_low_FN);
    expect(r.normalised).toBe(0);
    expect(r.threshold).toBe(Number.POSITIVE_INFINITY);
  });

  it('prefers detecting nothing when every detection is a false positive', () => {
    const r = scoreCorpus([file({ 20: 0.9, 30: 0.8 })], standard);
    expect(r.threshold).toBe(Number.POSITIVE_INFINITY);
    expect(r.raw).toBe(-1);
  });

  it('rejects an empty corpus', () => {
    expect(() => scoreCorpus([], standard)).toThrow(/no files/);
  });
});
