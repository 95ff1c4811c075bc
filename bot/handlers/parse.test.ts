import { describe, expect, it } from 'vitest';
import { sharesSummingToOne } from '../format/json.js';
import { parseAssignments } from './parse.js';

describe('parseAssignments (--split, --add-capacity)', () => {
  it('reads id=number pairs', () => {
    expect(parseAssignments('eu-central-1=0.6, us-east-1=0.4', '--split')).toEqual({
      'eu-central-1': 0.6,
      'us-east-1': 0.4,
    });
  });

  it('refuses a unit given twice, an empty value and a missing id, saying which', () => {
    expect(() => parseAssignments('eu-central-1=0.5,eu-central-1=0.5', '--split')).toThrow(
      '--split: eu-central-1 is given twice; give each once',
    );
    expect(() => parseAssignments('eu-west-1=', '--add-capacity')).toThrow(
      '--add-capacity: expected id=number[,id=number…], got "eu-west-1="',
    );
    expect(() => parseAssignments('=0.5', '--split')).toThrow('--split: expected id=number');
  });
});

describe('sharesSummingToOne', () => {
  it('rounds to 4 decimals and gives the remainder to the largest share, so the JSON shares sum to 1', () => {
    const raw = [0.54146, 0.26917, 0.18937]; // rounded one by one: 0.5415 + 0.2692 + 0.1894 = 1.0001
    const naive = raw.map((s) => Math.round(s * 10_000) / 10_000);
    expect(naive.reduce((a, b) => a + b, 0)).not.toBe(1);
    const fixed = sharesSummingToOne(raw) as number[];
    expect(Math.round(fixed.reduce((a, b) => a + b, 0) * 10_000)).toBe(10_000);
    expect(fixed).toEqual([0.5414, 0.2692, 0.1894]);
  });

  it('leaves shares that do not sum to 1 (a partial plan) as rounded', () => {
    expect(sharesSummingToOne([0.25, 0.12345])).toEqual([0.25, 0.1235]);
    expect(sharesSummingToOne([])).toEqual([]);
  });
});
