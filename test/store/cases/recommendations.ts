import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../../analytics/errors.js';
import { openStore } from '../../../bot/store/index.js';
import { content, T0 } from '../../../bot/store/test-helpers.js';

import type { StoreBackend } from '../backends.js';

/** recommendations cases of the store contract (test/store/store-contract.test.ts runs them on every backend). */
export function recommendationCases(backend: StoreBackend): void {
  const MIN = 60_000;

  function expectInvalid(fn: () => unknown, message: RegExp) {
    let error: unknown;
    try {
      fn();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HeadroomError);
    expect((error as HeadroomError).code).toBe('INPUT_INVALID');
    expect((error as HeadroomError).message).toMatch(message);
  }

  describe('recommendations', () => {
    it('goes through open → update → close, with revisions and audit entries', () => {
      const store = backend.open();
      const opened = store.openRecommendation({ workUnit: 'eu-west-1', ...content(T0) });
      expect(opened).toMatchObject({
        workUnit: 'eu-west-1',
        episode: `eu-west-1-${T0}`,
        revision: 1,
        verdict: 'failover',
        openedAtMs: T0,
        closedAtMs: null,
        resolution: null,
        messageRef: null,
      });
      expect(store.getOpenRecommendation('eu-west-1')).toEqual(opened);

      const updated = store.updateRecommendation(opened.id, content(T0 + 5 * MIN, { confidence: 'medium' }));
      expect(updated).toMatchObject({ id: opened.id, episode: opened.episode, revision: 2, confidence: 'medium' });
      expect(updated.updatedAtMs).toBe(T0 + 5 * MIN);
      expect(updated.openedAtMs).toBe(T0);

      const closed = store.closeRecommendation(opened.id, { atMs: T0 + 20 * MIN, resolution: 'recovered' });
      expect(closed).toMatchObject({ closedAtMs: T0 + 20 * MIN, resolution: 'recovered', revision: 2 });
      expect(store.getOpenRecommendation('eu-west-1')).toBeUndefined();
      expect(store.getRecommendation(opened.id)).toEqual(closed);

      expect(store.listRecommendationRevisions(opened.id).map((r) => [r.revision, r.confidence, r.atMs])).toEqual([
        [1, 'high', T0],
        [2, 'medium', T0 + 5 * MIN],
      ]);
      expect(store.listAudit().map((e) => e.kind)).toEqual([
        'recommendation.opened',
        'recommendation.updated',
        'recommendation.closed',
      ]);
      expect(store.listAudit()[1]!.payload).toMatchObject({
        recommendationId: opened.id,
        revision: 2,
        confidence: 'medium',
      });
      store.close();
    });

    it('keeps which messages lag a change: opened, updated, decided and closed each bump the version', () => {
      const path = backend.location();
      let store = openStore(path);
      const rec = store.openRecommendation({ workUnit: 'eu-west-1', ...content(T0) });
      expect(store.laggingMessages()).toEqual([rec.id]); // never posted
      store.setMessageRef(rec.id, { channel: 'C1', ts: '1.5' });
      store.markMessageSynced(rec.id, store.messageVersion(rec.id));
      expect(store.laggingMessages()).toEqual([]);

      const shown = store.messageVersion(rec.id);
      store.updateRecommendation(rec.id, content(T0 + MIN, { verdict: 'watch' }));
      store.recordDecision({
        recommendationId: rec.id,
        userId: 'U1',
        atMs: T0 + 2 * MIN,
        kind: 'follow',
        content: {},
        followedRecommendation: true,
      });
      expect(store.messageVersion(rec.id)).toBe(shown + 2);
      store.markMessageSynced(rec.id, shown + 1); // a sync that read the version before the decision
      expect(store.laggingMessages()).toEqual([rec.id]);
      store.markMessageSynced(rec.id, shown); // an older sync finishing late never moves it back
      store.close();

      store = openStore(path); // kept across a restart
      expect(store.laggingMessages()).toEqual([rec.id]);
      store.markMessageSynced(rec.id, store.messageVersion(rec.id));
      store.closeRecommendation(rec.id, { atMs: T0 + 3 * MIN, resolution: 'recovered' });
      expect(store.laggingMessages()).toEqual([rec.id]); // closed, with a message to mark resolved

      const unposted = store.openRecommendation({ workUnit: 'us-east-1', ...content(T0) });
      store.closeRecommendation(unposted.id, { atMs: T0 + MIN, resolution: 'recovered' });
      expect(store.laggingMessages()).toEqual([rec.id]); // closed and never posted: nothing to edit
      store.close();
    });

    it('allows only one open recommendation per work unit, and a new episode after closing', () => {
      const store = backend.open();
      const first = store.openRecommendation({ workUnit: 'eu-west-1', ...content(T0) });
      expectInvalid(
        () => store.openRecommendation({ workUnit: 'eu-west-1', ...content(T0 + MIN) }),
        /already has an open recommendation/,
      );
      // Another unit is independent.
      store.openRecommendation({ workUnit: 'us-east-1', ...content(T0 + MIN) });
      store.closeRecommendation(first.id, { atMs: T0 + 2 * MIN, resolution: 'recovered' });
      const second = store.openRecommendation({ workUnit: 'eu-west-1', ...content(T0 + 3 * MIN) });
      expect(second.id).not.toBe(first.id);
      expect(second.episode).not.toBe(first.episode);
      expect(store.listAudit().filter((e) => e.kind === 'recommendation.opened')).toHaveLength(3);
      store.close();
    });

    it('gives distinct episodes to recommendations opened at the same moment', () => {
      const store = backend.open();
      const first = store.openRecommendation({ workUnit: 'eu-west-1', ...content(T0) });
      store.closeRecommendation(first.id, { atMs: T0, resolution: 'superseded' });
      const second = store.openRecommendation({ workUnit: 'eu-west-1', ...content(T0) });
      expect(second.episode).toBe(`eu-west-1-${T0}-2`);
      store.close();
    });

    it('treats an update that changes nothing (whatever the key order) as a no-op without an audit entry', () => {
      const store = backend.open();
      const opened = store.openRecommendation({
        workUnit: 'eu-west-1',
        ...content(T0, { payload: { a: 1, b: { c: [1, 2], d: 'x' } } }),
      });
      const same = store.updateRecommendation(
        opened.id,
        content(T0 + MIN, { payload: { b: { d: 'x', c: [1, 2] }, a: 1 } }),
      );
      expect(same).toEqual(opened);
      expect(store.listAudit()).toHaveLength(1);
      expect(store.listRecommendationRevisions(opened.id)).toHaveLength(1);
      const changed = store.updateRecommendation(opened.id, content(T0 + MIN, { payload: { a: 2 } }));
      expect(changed.revision).toBe(2);
      expect(changed.payload).toEqual({ a: 2 });
      expect(store.listAudit()).toHaveLength(2);
      store.close();
    });

    it('refuses to update or close a closed or unknown recommendation, or to go back in time', () => {
      const store = backend.open();
      const rec = store.openRecommendation({ workUnit: 'eu-west-1', ...content(T0) });
      expectInvalid(() => store.updateRecommendation(rec.id, content(T0 - 1)), /last changed later/);
      store.closeRecommendation(rec.id, { atMs: T0 + MIN, resolution: 'expired' });
      expectInvalid(() => store.updateRecommendation(rec.id, content(T0 + 2 * MIN)), /was closed \(expired\)/);
      expectInvalid(() => store.closeRecommendation(rec.id, { atMs: T0 + 2 * MIN, resolution: 'recovered' }), /closed/);
      expectInvalid(() => store.updateRecommendation(999, content(T0)), /no recommendation #999/);
      expectInvalid(() => store.closeRecommendation(0, { atMs: T0, resolution: 'recovered' }), /positive integer id/);
      store.close();
    });

    it('rejects bad input before writing anything', () => {
      const store = backend.open();
      const bad = [
        { workUnit: '', ...content(T0) },
        { workUnit: 'x', ...content(T0, { verdict: 'panic' as never }) },
        { workUnit: 'x', ...content(T0, { confidence: 'certain' as never }) },
        { workUnit: 'x', ...content(T0, { summary: '  ' }) },
        { workUnit: 'x', ...content(-1) },
        { workUnit: 'x', ...content(1.5) },
        { workUnit: 'x', ...content(T0, { payload: { n: 1n } }) },
      ];
      for (const input of bad) expect(() => store.openRecommendation(input)).toThrow(HeadroomError);
      const rec = store.openRecommendation({ workUnit: 'x', ...content(T0) });
      expectInvalid(() => store.closeRecommendation(rec.id, { atMs: T0, resolution: 'fixed' as never }), /resolution/);
      expect(store.listRecommendations()).toHaveLength(1);
      expect(store.listAudit()).toHaveLength(1);
      store.close();
    });

    it('lists by state and unit, newest first, with a limit', () => {
      const store = backend.open();
      const a = store.openRecommendation({ workUnit: 'a', ...content(T0) });
      const b = store.openRecommendation({ workUnit: 'b', ...content(T0 + MIN) });
      store.closeRecommendation(a.id, { atMs: T0 + 2 * MIN, resolution: 'recovered' });
      const a2 = store.openRecommendation({ workUnit: 'a', ...content(T0 + 3 * MIN) });
      const ids = (opts: Parameters<typeof store.listRecommendations>[0]) =>
        store.listRecommendations(opts).map((r) => r.id);
      expect(ids({})).toEqual([a2.id, b.id, a.id]);
      expect(ids({ open: true })).toEqual([a2.id, b.id]);
      expect(ids({ open: false })).toEqual([a.id]);
      expect(ids({ workUnit: 'a' })).toEqual([a2.id, a.id]);
      expect(ids({ open: true, workUnit: 'a' })).toEqual([a2.id]);
      expect(ids({ limit: 1 })).toEqual([a2.id]);
      expectInvalid(() => store.listRecommendations({ limit: 0 }), /limit/);
      store.close();
    });

    it('keeps the message ref, also on a closed recommendation', () => {
      const store = backend.open();
      const rec = store.openRecommendation({ workUnit: 'a', ...content(T0) });
      expect(store.setMessageRef(rec.id, { channel: 'C1', ts: '1700000000.000100' }).messageRef).toEqual({
        channel: 'C1',
        ts: '1700000000.000100',
      });
      store.closeRecommendation(rec.id, { atMs: T0 + MIN, resolution: 'recovered' });
      expect(store.setMessageRef(rec.id, { channel: 'C1', ts: '1700000000.000200' }).messageRef?.ts).toBe(
        '1700000000.000200',
      );
      expect(store.recommendationOfMessage('C1', '1700000000.000200')?.id).toBe(rec.id);
      expect(store.recommendationOfMessage('C1', '1700000000.000100')).toBeUndefined();
      expect(store.recommendationOfMessage('C2', '1700000000.000200')).toBeUndefined();
      expectInvalid(() => store.setMessageRef(rec.id, { channel: '', ts: '1' }), /channel/);
      expectInvalid(() => store.setMessageRef(77, { channel: 'C', ts: '1' }), /no recommendation #77/);
      store.close();
    });

    it('survives close and reopen: the open recommendation and its message ref', () => {
      const path = backend.location();
      const first = openStore(path);
      const rec = first.openRecommendation({ workUnit: 'eu-west-1', ...content(T0) });
      first.updateRecommendation(rec.id, content(T0 + MIN, { verdict: 'watch' }));
      first.setMessageRef(rec.id, { channel: 'C-ops', ts: '1736197200.000100' });
      first.close();

      const second = openStore(path);
      const open = second.getOpenRecommendation('eu-west-1');
      expect(open).toMatchObject({
        id: rec.id,
        episode: rec.episode,
        revision: 2,
        verdict: 'watch',
        payload: content(T0).payload,
        messageRef: { channel: 'C-ops', ts: '1736197200.000100' },
      });
      expect(second.verifyAudit()).toEqual({ ok: true, count: 2 });
      second.close();
    });
  });
}
