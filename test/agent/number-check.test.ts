import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkNumbers,
  collectKnown,
  collectVerified,
  extractMentions,
  markUnverified,
} from '../../bot/agent/number-check.js';
import { loadPrompt } from '../../bot/agent/prompts.js';

const raws = (text: string) => extractMentions(text).map((m) => m.raw);
const unmatched = (answer: string, ...sources: unknown[]) =>
  checkNumbers(answer, collectKnown(sources)).unmatched.map((m) => m.raw);

describe('extracting figures from an answer', () => {
  it('finds percentages, separators, units, money, dates and times; skips identifiers and list markers', () => {
    const text = [
      '1. eu-west-1 is at 23 % headroom (p95 latency 180 ms, 5xx rate 0.4%)',
      '2. load 12,345 rps, or 12.3k rps; $1,234.56/h; −12 % cost; 1.5x the usual',
      'crosses on 2026-04-01, or 3 March, or Apr 1 2026, at 21:00 UTC; P90 peak 8,100',
    ].join('\n');
    expect(raws(text)).toEqual([
      '23 %',
      '180',
      '0.4%',
      '12,345',
      '12.3k',
      '$1,234.56',
      '−12 %',
      '1.5x',
      '2026-04-01',
      '3 March',
      'Apr 1 2026',
      '21:00',
      '8,100',
    ]);
  });

  it('ignores small counts ("2 targets") but not small percentages or decimals', () => {
    expect(raws('2 targets, 3 stages, 7 units, 5 %, 0.5')).toEqual(['5 %', '0.5']);
  });
});

describe('checking figures against tool outputs', () => {
  const tool = {
    ok: true,
    data: {
      workUnit: 'eu-west-1',
      headroom: 0.2274,
      load: 12345.4,
      costPerHour: 1234.561,
      crossesAt: '2026-04-01T00:00:00.000Z',
      atMs: Date.UTC(2026, 2, 3, 21, 0),
      reason: 'eu-central-1 not recommended: 78 % utilised',
    },
  };

  it('accepts figures that are tool figures, rounded as written', () => {
    const answer =
      'Headroom 23 % (0.23), load 12,345 rps ≈ 12.3k rps ≈ 12,000 rps, $1,234.56/h, crossing 2026-04-01 (1 April), evaluated 21:00 on 3 March; eu-central-1 is 78 % utilised (0.78).';
    expect(unmatched(answer, tool)).toEqual([]);
  });

  it('flags invented figures and figures rounded too far', () => {
    expect(unmatched('Headroom 25 %, load 12,500 rps, 13k rps, $1,300/h, crossing 2026-04-02 at 22:00.', tool)).toEqual(
      ['25 %', '12,500', '13k', '$1,300', '2026-04-02', '22:00'],
    );
  });

  describe('common legitimate wordings', () => {
    const fleet = {
      ok: true,
      data: {
        workUnit: 'eu-west-1',
        loadRps: 13_507,
        headroom: 0.1234,
        headroomHigh: 0.151,
        costPerHour: 87.53,
        safeCapacityRps: 15_000,
        units: Array.from({ length: 12 }, (_, i) => ({ id: `u-${i + 1}` })),
      },
    };
    it.each([
      'headroom 12–15 %',
      'headroom 12-15 %',
      'headroom 12 to 15 %',
      'headroom is 12 percent',
      'headroom is 12 pct',
      'headroom between 12 and 15 per cent is 12 per cent at least',
      'eu-west-1 carries about 13k rps',
      'roughly 13,000 rps',
      'costs ~$87/h',
      'costs ≈ $87/h',
      'nearly 14k rps',
      'all 12 work units',
    ])('"%s" is accepted', (answer) => {
      expect(unmatched(answer, fleet)).toEqual([]);
    });

    it.each([
      ['headroom 12–18 %', ['18 %']],
      ['headroom 20–25 %', ['20', '25 %']],
      ['eu-west-1 carries about 11k rps', ['11k']],
      ['eu-west-1 carries 13k rps', ['13k']],
      ['costs ~$85/h', ['$85']],
      ['all 13 work units', ['13']],
      // Derived arithmetic is not a tool figure: capacity minus load.
      ['room for 1,493 more rps', ['1,493']],
      ['headroom is 20 percent', ['20 percent']],
    ])('"%s" still flags %j', (answer, flagged) => {
      expect(unmatched(answer, fleet)).toEqual(flagged);
    });

    it('the system prompt tells the model to quote tool figures, not to compute its own', () => {
      const system = loadPrompt('system');
      expect(system).toContain('Never estimate, interpolate or compute a new figure yourself');
      expect(system).toContain('capacity minus load');
      expect(system).toContain('quote the figure a tool gives');
    });
  });

  it("a figure only in the question is accepted as the operator's own, and tagged so, not as tool-verified", () => {
    const answer = 'With 15 % growth headroom is 23 %.';
    const check = checkNumbers(answer, collectKnown([tool]), { question: collectKnown(['what if we grow 15 %?']) });
    expect(check.unmatched).toEqual([]);
    expect(check.fromQuestion.map((m) => m.raw)).toEqual(['15 %']);
    expect(unmatched(answer, tool)).toEqual(['15 %']);
  });

  it('figures verified in an earlier answer of the thread are accepted and tagged; marked ones are not', () => {
    const earlier = collectVerified(['Headroom 23 % (get_headroom) at 9,200 rps; about 2,000 ⚠︎ rps spare.']);
    const check = checkNumbers('Still 9,200 rps, and 2,000 rps spare.', collectKnown([{}]), { earlierTurns: earlier });
    expect(check.fromEarlierTurns.map((m) => m.raw)).toEqual(['9,200']);
    expect(check.unmatched.map((m) => m.raw)).toEqual(['2,000']);
  });

  it('marks each unverified figure visibly, leaving the others alone', () => {
    const answer = 'Headroom 23 %, load 99,999 rps.';
    const check = checkNumbers(answer, collectKnown([tool]));
    expect(markUnverified(answer, check.unmatched)).toBe('Headroom 23 %, load 99,999 ⚠︎ rps.');
  });

  it('the digit runs of timestamps and ids in tool strings are not figures; the dates and times are', () => {
    const headroom = { ok: true, data: { workUnit: 'us-east-1', headroom: 0.31, at: '2026-03-03T21:10:00Z' } };
    expect(unmatched('us-east-1 has 21 % headroom.', headroom)).toEqual(['21 %']);
    expect(unmatched('about 2,000 rps spare', headroom)).toEqual(['2,000']);
    expect(unmatched('us-east-1 error rate 1 %', headroom)).toEqual(['1 %']);
    expect(unmatched('us-east-1 has 31 % headroom at 21:10 on 2026-03-03 (3 March 2026).', headroom)).toEqual([]);
    // A bare year is supported by a date of that year; a figure near it is not.
    expect(unmatched('in 2026, 2,030 rps', headroom)).toEqual(['2,030']);
  });

  it('a percentage is compared with a fraction as a percentage, never with the fraction itself', () => {
    // score 0.93 is 93 %, not support for "1 %"; growPct 15 already is a percentage.
    expect(unmatched('error rate 1 %', { score: 0.93 })).toEqual(['1 %']);
    expect(unmatched('score 93 %, grown 15 %', { score: 0.93, growPct: 15 })).toEqual([]);
    // The relative tolerance is 0.5 % of the percentage: 80.3 % matches 0.8 (80 %), 80.5 % does not.
    expect(unmatched('at 80.3 %', { utilisation: 0.8 })).toEqual([]);
    expect(unmatched('at 80.5 %', { utilisation: 0.8 })).toEqual(['80.5 %']);
  });

  it('"503s" and "429s" are status codes, not seconds', () => {
    expect(raws('a burst of 503s and 429s, retried after 30s')).toEqual(['30s']);
  });

  it('property: any tool fraction written as a percentage, rounded to 0–2 decimals, matches', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.0001, max: 0.9999, noNaN: true }), fc.integer({ min: 0, max: 2 }), (f, d) => {
        const answer = `headroom is ${(f * 100).toFixed(d)} % now`;
        return unmatched(answer, { headroom: f }).length === 0;
      }),
    );
  });

  it('property: any tool value written with thousands separators, rounded as written, matches', () => {
    fc.assert(
      fc.property(fc.double({ min: 11, max: 5_000_000, noNaN: true }), fc.integer({ min: 0, max: 2 }), (v, d) => {
        const written = v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
        return unmatched(`load ${written} rps`, { load: v }).length === 0;
      }),
    );
  });

  it('property: a figure off by more than its rounding and 0.5 % is flagged', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 900_000 }),
        fc.double({ min: 0.02, max: 0.5, noNaN: true }),
        fc.boolean(),
        (v, off, up) => {
          const wrong = Math.round(up ? v * (1 + off) + 1 : v * (1 - off) - 1);
          if (wrong <= 10) return true;
          return unmatched(`load ${wrong} rps`, { load: v }).length === 1;
        },
      ),
    );
  });

  it('property: identifiers with digits are never taken for figures', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('us-east-1', 'eu-west-1', 'ap-northeast-1', 'p95', 'p50', '5xx', 'sa-east-1', 'h2'),
        (id) => extractMentions(`route to ${id} now`).length === 0,
      ),
    );
  });
});
