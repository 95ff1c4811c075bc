import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../analytics/errors.js';
import { loadNabCorpus, parseNabCsv, parseNabTimestamp, windowsToRows } from './corpus.js';

const NAB_DIR = new URL('../../../shared/data/nab', import.meta.url).pathname;

describe('NAB files', () => {
  it('reads NAB timestamps as UTC, with or without fractional seconds', () => {
    expect(parseNabTimestamp('2014-10-30 15:30:00.000000')).toBe(Date.parse('2014-10-30T15:30:00Z'));
    expect(parseNabTimestamp('2015-08-31 18:22:00')).toBe(Date.parse('2015-08-31T18:22:00Z'));
    expect(() => parseNabTimestamp('31/08/2015')).toThrow(HeadroomError);
  });

  it('parses a CSV and maps windows to inclusive rows', () => {
    const csv = 'timestamp,value\n2015-01-01 00:00:00,1\n2015-01-01 00:05:00,2.5\n2015-01-01 00:10:00,3\n';
    const { timesMs, values } = parseNabCsv(csv, 'x.csv');
    expect([...values]).toEqual([1, 2.5, 3]);
    expect(windowsToRows(timesMs, [['2015-01-01 00:05:00.000000', '2015-01-01 00:10:00.000000']], 'x')).toEqual([
      { start: 1, end: 2 },
    ]);
    expect(() => windowsToRows(timesMs, [['2016-01-01 00:00:00', '2016-01-02 00:00:00']], 'x')).toThrow(
      /holds no rows/,
    );
    expect(() => parseNabCsv('time,v\n', 'y.csv')).toThrow(/expected header/);
  });

  // The shared data sits beside the checkout (../shared/data); a checkout without it skips only this case.
  it.skipIf(!existsSync(NAB_DIR))(
    'loads the shared subset: 25 files, 49 windows, nyc_taxi first window on its marathon row',
    () => {
      const corpus = loadNabCorpus(NAB_DIR);
      expect(corpus).toHaveLength(25);
      expect(corpus.reduce((n, f) => n + f.windows.length, 0)).toBe(49);
      const taxi = corpus.find((f) => f.name === 'realKnownCause/nyc_taxi.csv')!;
      expect(taxi.values).toHaveLength(10_320);
      const first = taxi.windows[0]!;
      expect(taxi.timesMs[first.start]).toBe(Date.parse('2014-10-30T15:30:00Z'));
      expect(taxi.timesMs[first.end]).toBe(Date.parse('2014-11-03T22:30:00Z'));
    },
  );

  it('says where it looked when the data is missing', () => {
    expect(() => loadNabCorpus('/nonexistent/nab')).toThrow(/NAB labels not found at \/nonexistent\/nab/);
  });
});
