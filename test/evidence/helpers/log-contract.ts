// One contract for every LogSource (Hono-style: the same cases against each implementation). The
// subject holds the lines of the fixture window (a real backend's fake is loaded with the simulated
// fleet's lines); every filter must agree with the same filter applied to the unfiltered answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLine, LogQuery, LogSource } from '../../../tools/sources/evidence.js';
import { levelAtLeast } from '../../../tools/sources/evidence-query.js';
import { WINDOW } from './evidence-fixture.js';

export interface LogSubject {
  source: LogSource;
  /** A unit with errors in the window, and one with no lines at all there (may be a unit with none). */
  busyUnit: string;
  teardown?: () => Promise<void>;
}

const ALL = 5_000;

export function logSourceContract(name: string, open: () => Promise<LogSubject>): void {
  describe(`LogSource contract: ${name}`, () => {
    let subject: LogSubject;
    let all: LogLine[];
    const search = (q: Partial<LogQuery>) =>
      subject.source.search({ workUnit: subject.busyUnit, range: WINDOW, limit: ALL, ...q });

    beforeAll(async () => {
      subject = await open();
      const got = await search({});
      if (got.status !== 'ok') throw new Error(`unfiltered search failed: ${got.reason}`);
      all = got.value;
    }, 60_000);
    afterAll(() => subject?.teardown?.());

    it('returns the unit’s lines in the range, newest first, with every field', () => {
      expect(all.length).toBeGreaterThan(20);
      for (const l of all) {
        expect(l.workUnit).toBe(subject.busyUnit);
        expect(l.timeMs).toBeGreaterThanOrEqual(WINDOW.startMs);
        expect(l.timeMs).toBeLessThanOrEqual(WINDOW.endMs);
        expect(typeof l.message).toBe('string');
        expect(l.service).not.toBe('');
      }
      const times = all.map((l) => l.timeMs);
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('bounds the answer to the limit, keeps the newest lines and says what was cut', async () => {
      const got = await search({ limit: 10 });
      expect(got.status).toBe('ok');
      if (got.status !== 'ok') return;
      expect(got.value).toEqual(all.slice(0, 10));
      expect(got.truncated?.shown).toBe(10);
      if (got.truncated?.total !== null) expect(got.truncated?.total).toBe(all.length);
      expect(got.truncated?.hint).toMatch(/^10 of .* lines shown; narrow the query with/);
    });

    it('is not marked truncated when everything fits', async () => {
      const got = await search({});
      expect(got.status === 'ok' && got.truncated).toBeFalsy();
    });

    it('filters by minimum level', async () => {
      const got = await search({ minLevel: 'error' });
      expect(got.status === 'ok' && got.value).toEqual(all.filter((l) => levelAtLeast(l.level, 'error')));
      expect(got.status === 'ok' && got.value.length).toBeGreaterThan(0);
    });

    it('filters by service', async () => {
      const service = all.find((l) => l.level === 'error')!.service;
      const got = await search({ service });
      expect(got.status === 'ok' && got.value).toEqual(all.filter((l) => l.service === service));
    });

    it('filters by a case-insensitive substring, special characters taken literally', async () => {
      const word = 'HTTP';
      const got = await search({ contains: word.toLowerCase() });
      expect(got.status === 'ok' && got.value).toEqual(all.filter((l) => l.message.toLowerCase().includes('http')));
      const odd = await search({ contains: '(request id' });
      expect(odd.status === 'ok' && odd.value).toEqual(all.filter((l) => l.message.includes('(request id')));
      const none = await search({ contains: 'no line says "this" .* ever' });
      expect(none).toEqual({ status: 'ok', value: [] });
    });

    it('answers an empty range with no lines, not an error', async () => {
      const got = await search({
        range: {
          startMs: WINDOW.startMs - 3_600_000 * 24 * 400,
          endMs: WINDOW.startMs - 3_600_000 * 24 * 399,
          stepMs: 60_000,
        },
      });
      expect(got.status === 'ok' ? got.value.length : got.reason).toBe(0);
    });

    it('refuses a bad query with the reason, before asking the backend', async () => {
      const reversed = await search({ range: { startMs: WINDOW.endMs, endMs: WINDOW.startMs, stepMs: 60_000 } });
      expect(reversed).toMatchObject({ status: 'unknown', reason: expect.stringContaining('ends before it starts') });
      const zero = await search({ limit: 0 });
      expect(zero).toMatchObject({ status: 'unknown', reason: expect.stringContaining('limit') });
    });
  });
}
