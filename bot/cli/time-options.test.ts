import { describe, expect, it } from 'vitest';
import { parseIsoInstant } from '../../tools/config/instant.js';
import { parseMoment } from '../core/whatif.js';
import { parseAtOption, parseCommandArgs } from './options.js';

describe('parseIsoInstant', () => {
  it('reads ISO 8601 with Z or an offset, with or without seconds and fractions', () => {
    expect(parseIsoInstant('2026-03-03T21:30:00Z')).toEqual({ ms: Date.UTC(2026, 2, 3, 21, 30) });
    expect(parseIsoInstant('2026-03-03T22:30+01:00')).toEqual({ ms: Date.UTC(2026, 2, 3, 21, 30) });
    expect(parseIsoInstant('2028-02-29T00:00:00.250Z')).toEqual({ ms: Date.UTC(2028, 1, 29, 0, 0, 0, 250) });
  });

  it('says what is wrong: no zone, no such day or month, no such time', () => {
    expect(parseIsoInstant('2026-03-03T21:30:00')).toEqual({ problem: expect.stringMatching(/^it has no zone/) });
    expect(parseIsoInstant('2026-02-29T00:00:00Z')).toEqual({ problem: '2026-02 has 28 days, not 29' });
    expect(parseIsoInstant('2026-13-01T00:00:00Z')).toEqual({ problem: 'there is no month 13' });
    expect(parseIsoInstant('2026-03-03T24:00:00Z')).toEqual({ problem: '24:00:00 is not a time of day' });
    expect(parseIsoInstant('2026-03-03T21:00:00+15:00')).toEqual({ problem: '+15:00 is not a zone offset' });
    expect(parseIsoInstant('tuesday')).toEqual({ problem: expect.stringMatching(/^use ISO 8601 with a zone/) });
  });
});

describe('parseAtOption', () => {
  it('takes unix seconds and ISO 8601, from 2000 to 2100', () => {
    expect(parseAtOption('1772573400')).toBe(1_772_573_400_000);
    expect(parseAtOption('2026-03-03T21:30:00Z')).toBe(1_772_573_400_000);
  });

  it('refuses slips with the reason: a year read as seconds, milliseconds, far futures, no zone', () => {
    expect(() => parseAtOption('2026')).toThrow(
      /--at: cannot read "2026" as a time: it is 1970-01-01T00:33:46\.000Z; Headroom evaluates times from 2000 to 2100/,
    );
    expect(() => parseAtOption('1772573400000')).toThrow(/looks like milliseconds/);
    expect(() => parseAtOption('9999-12-31T00:00:00Z')).toThrow(/from 2000 to 2100/);
    expect(() => parseAtOption('2026-03-03T21:30:00', '--from')).toThrow(
      /^--from: cannot read "2026-03-03T21:30:00" as a time: it has no zone/,
    );
  });
});

describe('parseCommandArgs', () => {
  it('takes a negative number after an option that wants a value ("--grow -10")', () => {
    const { values } = parseCommandArgs(['--grow', '-10', '--json'], { grow: { type: 'string' } }, false);
    expect(values.grow).toBe('-10');
    expect(values.json).toBe(true);
  });

  it('still refuses an unknown option, and does not glue a number to a flag that takes none', () => {
    expect(() => parseCommandArgs(['--nope', '-1'], {}, false)).toThrow(/Unknown option '--nope'/);
    expect(() => parseCommandArgs(['--json', '-5'], {}, true)).toThrow(/Unknown option '-5'/);
  });
});

describe('parseMoment (whatif --at)', () => {
  it('reads now, next-peak and +Nd; says the range of N', () => {
    expect(parseMoment('now')).toEqual({ kind: 'now' });
    expect(parseMoment('next-peak')).toEqual({ kind: 'next-peak' });
    expect(parseMoment('+30d')).toEqual({ kind: 'days', days: 30 });
    expect(() => parseMoment('+10000d')).toThrow('--at +Nd takes 1 to 999 days, not 10000');
    expect(() => parseMoment('tomorrow')).toThrow('--at must be now, next-peak or +Nd (e.g. +30d), not "tomorrow"');
  });
});
