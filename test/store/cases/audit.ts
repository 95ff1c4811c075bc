import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../bot/store/index.js';
import { content, T0 } from '../../../bot/store/test-helpers.js';
import type { StoreBackend } from '../backends.js';

const CHILD = fileURLToPath(new URL('../append-audit-child.ts', import.meta.url));

function appender(location: string, count: number, actor: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, location, String(count), actor], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(err) : reject(new Error(`appender exited ${code}: ${err}`))));
  });
}

/** Audit cases of the store contract: the chain, its guards, and replicas appending at once. */
export function auditCases(backend: StoreBackend): void {
  describe('audit log', () => {
    it('chains entries from the genesis hash, pages, and verifies', () => {
      const store = backend.open();
      const first = store.appendAudit({ atMs: T0, kind: 'access.refused', actor: 'U1', payload: { b: 2, a: 1 } });
      const second = store.appendAudit({ atMs: T0 + 1, kind: 'access.refused', actor: 'U2', payload: null });
      expect([first.seq, first.prevHash, second.seq, second.prevHash]).toEqual([1, GENESIS_HASH, 2, first.hash]);
      expect(store.listAudit()).toEqual([first, second]);
      expect(store.listAudit({ sinceSeq: 1, limit: 1 })).toEqual([second]);
      expect(store.verifyAudit()).toEqual({ ok: true, count: 2 });
      store.close();
    });

    it('refuses UPDATE and DELETE of entries made outside the store', async () => {
      const store = backend.open();
      store.appendAudit({ atMs: T0, kind: 'access.refused', actor: 'U1', payload: {} });
      store.close();
      await expect(backend.raw("UPDATE audit SET actor = 'X'")).rejects.toThrow(/append-only/);
      await expect(backend.raw('DELETE FROM audit')).rejects.toThrow(/append-only/);
      const again = backend.open();
      expect(again.verifyAudit()).toEqual({ ok: true, count: 1 });
      again.close();
    });

    it('a tampered entry is named by verify', async () => {
      const store = backend.open();
      for (let i = 0; i < 3; i++) store.appendAudit({ atMs: T0 + i, kind: 'k', actor: 'U', payload: { i } });
      store.close();
      const drop =
        backend.name === 'sqlite'
          ? 'DROP TRIGGER audit_no_update;'
          : 'DROP TRIGGER audit_no_update_or_delete ON audit;';
      await backend.raw(`${drop} UPDATE audit SET payload = '{"i":9}' WHERE seq = 2;`);
      const again = backend.open();
      expect(again.verifyAudit()).toMatchObject({ ok: false, count: 1, firstBadSeq: 2 });
      again.close();
    });

    it('replicas appending at the same time never fork the chain', async () => {
      const store = backend.open(); // created and migrated before the replicas start
      store.openRecommendation({ workUnit: 'eu-west-1', ...content(T0) });
      await Promise.all([
        appender(backend.location(), 40, 'replica-a'),
        appender(backend.location(), 40, 'replica-b'),
        appender(backend.location(), 40, 'replica-c'),
      ]);
      const entries = store.listAudit();
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 121 }, (_, i) => i + 1));
      expect(new Set(entries.map((e) => e.actor))).toEqual(
        new Set(['headroom', 'replica-a', 'replica-b', 'replica-c']),
      );
      expect(store.verifyAudit()).toEqual({ ok: true, count: 121 });
      store.close();
    });
  });

  describe('conversations, agent usage and meta', () => {
    it('keeps a bounded conversation with its summary', () => {
      const store = backend.open();
      const turn = (i: number) => ({
        channel: 'C1',
        threadTs: '1.0',
        atMs: T0 + i,
        question: `q${i}`,
        answer: `a${i}`,
      });
      const fold = (summary: string, turns: readonly { question: string }[]) =>
        [summary, ...turns.map((t) => t.question)].filter(Boolean).join('+');
      for (let i = 0; i < 4; i++) store.conversations.append(turn(i), 2, fold);
      const c = store.conversations.get('C1', '1.0')!;
      expect(c.turns.map((t) => t.question)).toEqual(['q2', 'q3']);
      expect([c.summary, c.foldedTurns]).toEqual(['q0+q1', 2]);
      store.close();
    });

    it('sums Claude usage per UTC day', () => {
      const store = backend.open();
      const day = Date.UTC(2025, 0, 6);
      const use = (atMs: number, costUsd: number) =>
        store.agentUsage.record({
          atMs,
          model: 'claude-x',
          outcome: 'answered',
          toolRounds: 1,
          modelCalls: 2,
          inputTokens: 100,
          outputTokens: 20,
          cacheWriteTokens: 5,
          cacheReadTokens: 0,
          costUsd,
        });
      use(day + 1_000, 0.25);
      use(day + 23 * 3_600_000, 0.5);
      use(day + 24 * 3_600_000, 1);
      expect(store.agentUsage.daily(day, day + 2 * 86_400_000)).toEqual([
        { day: '2025-01-06', questions: 2, tokens: 250, costUsd: 0.75 },
        { day: '2025-01-07', questions: 1, tokens: 125, costUsd: 1 },
      ]);
      store.close();
    });

    it('meta overwrites and survives a reopen', () => {
      const store = backend.open();
      store.setMeta('k', 'v1');
      store.setMeta('k', 'v2');
      store.close();
      const again = backend.open();
      expect([again.getMeta('k'), again.getMeta('absent')]).toEqual(['v2', undefined]);
      again.close();
    });
  });
}
