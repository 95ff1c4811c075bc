import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../errors.js';
import { parseHorizon, parseHourlyCsv } from './csv-series.js';

describe('parseHourlyCsv', () => {
  it('aggregates 30-minute samples to hours with the chosen reducer', () => {
    const csv = 'timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T00:30:00Z,3\n2024-01-01T01:00:00Z,5\n';
    expect(Array.from(parseHourlyCsv(csv).values)).toEqual([2, 5]);
    expect(Array.from(parseHourlyCsv(csv, 'sum').values)).toEqual([4, 5]);
    expect(Array.from(parseHourlyCsv(csv, 'max').values)).toEqual([3, 5]);
  });

  it('reads unix seconds and leaves missing hours as NaN', () => {
    const s = parseHourlyCsv('timestamp,value\n0,1\n3600,2\n10800,3\n');
    expect(s.startMs).toBe(0);
    expect(Array.from(s.values)).toEqual([1, 2, Number.NaN, 3]);
  });

  it('names the line of a bad timestamp or value', () => {
    expect(() => parseHourlyCsv('timestamp,value\n2024-01-01T00:00:00Z,1\nyesterday,2\n')).toThrow(
      /line 3:.*yesterday/,
    );
    expect(() => parseHourlyCsv('timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,abc\n')).toThrow(
      /line 3: value "abc"/,
    );
    try {
      parseHourlyCsv('timestamp,value\n2024-01-01T00:00:00Z,1,9\n');
    } catch (err) {
      expect(err).toBeInstanceOf(HeadroomError);
      expect((err as HeadroomError).code).toBe('INPUT_INVALID');
      expect((err as HeadroomError).details.line).toBe(2);
    }
  });

  it('rejects a missing header, coarser-than-hourly data and decreasing time', () => {
    expect(() => parseHourlyCsv('2024-01-01T00:00:00Z,1\n')).toThrow(/line 1: expected the header/);
    expect(() => parseHourlyCsv('timestamp,value\n0,1\n7200,2\n14400,3\n')).toThrow(/hourly or finer/);
    expect(() => parseHourlyCsv('timestamp,value\n3600,1\n0,2\n')).toThrow(/line 3: timestamps must increase/);
  });
});

describe('parseHorizon', () => {
  it('reads hours and days', () => {
    expect(parseHorizon('48')).toBe(48);
    expect(parseHorizon('30d')).toBe(720);
    expect(() => parseHorizon('soon')).toThrow(/--horizon/);
  });
});
