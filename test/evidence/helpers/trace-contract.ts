// One contract for every TraceSource: search filters agree with the unfiltered answer, the limit
// keeps the newest and says what was cut, and get() returns a searched trace with its spans.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceQuery, TraceSource, TraceSummary } from '../../../tools/sources/evidence.js';
import { WINDOW } from './evidence-fixture.js';

export interface TraceSubject {
  source: TraceSource;
  busyUnit: string;
  teardown?: () => Promise<void>;
}

export function traceSourceContract(name: string, open: () => Promise<TraceSubject>): void {
  describe(`TraceSource contract: ${name}`, () => {
    let subject: TraceSubject;
    let all: TraceSummary[];
    const search = (q: Partial<TraceQuery>) =>
      subject.source.search({ workUnit: subject.busyUnit, range: WINDOW, limit: 5_000, ...q });

    beforeAll(async () => {
      subject = await open();
      const got = await search({});
      if (got.status !== 'ok') throw new Error(`unfiltered search failed: ${got.reason}`);
      all = got.value;
    }, 60_000);
    afterAll(() => subject?.teardown?.());

    it('returns the unit’s traces in the range, newest first', () => {
      expect(all.length).toBeGreaterThan(20);
      for (const t of all) {
        expect(t.workUnit).toBe(subject.busyUnit);
        expect(t.startMs).toBeGreaterThanOrEqual(WINDOW.startMs);
        expect(t.startMs).toBeLessThanOrEqual(WINDOW.endMs);
        expect(t.traceId).toMatch(/^[0-9a-f]{32}$/);
      }
      const times = all.map((t) => t.startMs);
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('bounds the answer and says what was cut', async () => {
      const got = await search({ limit: 5 });
      expect(got.status === 'ok' && got.value.map((t) => t.traceId)).toEqual(all.slice(0, 5).map((t) => t.traceId));
      expect(got.status === 'ok' && got.truncated?.hint).toMatch(/^5 of .* traces shown; narrow the query with/);
    });

    it('filters by error, by latency and by service', async () => {
      const errors = await search({ errorsOnly: true });
      expect(errors.status === 'ok' && errors.value.map((t) => t.traceId)).toEqual(
        all.filter((t) => t.error).map((t) => t.traceId),
      );
      expect(errors.status === 'ok' && errors.value.length).toBeGreaterThan(0);
      const sorted = all.map((t) => t.durationMs).sort((a, b) => a - b);
      const threshold = sorted[Math.floor(sorted.length * 0.8)]!;
      const slow = await search({ minDurationMs: threshold });
      expect(slow.status === 'ok' && slow.value.map((t) => t.traceId)).toEqual(
        all.filter((t) => t.durationMs >= threshold).map((t) => t.traceId),
      );
      const checkout = await search({ service: 'checkout' });
      expect(checkout.status === 'ok' && checkout.value.length).toBeGreaterThan(0);
      expect(checkout.status === 'ok' && checkout.value.length).toBeLessThan(all.length);
    });

    it('filters by a span attribute', async () => {
      const got = await search({ attributes: { 'http.status_code': '200' } });
      expect(got.status === 'ok' && got.value.map((t) => t.traceId)).toEqual(
        all.filter((t) => !t.error).map((t) => t.traceId),
      );
    });

    it('fetches one trace with its spans; an unknown id is null', async () => {
      const first = all.find((t) => t.error)!;
      const got = await subject.source.get(first.traceId);
      expect(got.status).toBe('ok');
      if (got.status !== 'ok' || !got.value) throw new Error('trace missing');
      expect(got.value.traceId).toBe(first.traceId);
      expect(got.value.spans.length).toBeGreaterThan(1);
      expect(got.value.spans.some((s) => s.error)).toBe(true);
      const root = got.value.spans.find((s) => s.name === first.rootName)!;
      expect(root.service).toBe(first.rootService);
      expect(await subject.source.get('0123456789abcdef0123456789abcdef')).toEqual({ status: 'ok', value: null });
    });

    it('refuses a bad query with the reason', async () => {
      const got = await search({ limit: 10_000 });
      expect(got).toMatchObject({ status: 'unknown', reason: expect.stringContaining('limit') });
    });
  });
}
