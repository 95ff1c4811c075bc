import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INCIDENT_SETTINGS } from '../../incidents/settings.js';
import { openStore } from '../../store/index.js';
import { T0, tempDbPath } from '../../store/test-helpers.js';
import type { MessageContent, SlackOut } from '../out.js';
import { IncidentThreadPoster } from './thread-poster.js';

describe('IncidentThreadPoster', () => {
  it('gives a thread to a current declared incident, not to one that ended days ago (no backlog when Slack is set up later)', async () => {
    const store = openStore(tempDbPath());
    const posted: { ts?: string; text: string }[] = [];
    const out = {
      postMessage: async (channel: string, c: MessageContent, ts?: string) => {
        posted.push({ ...(ts ? { ts } : {}), text: c.text });
        return { channel, ts: `1.${posted.length}` };
      },
    } as unknown as SlackOut;
    const poster = new IncidentThreadPoster({
      store,
      out,
      channel: 'C1',
      settings: DEFAULT_INCIDENT_SETTINGS,
      log: pino({ level: 'silent' }),
    });
    const old = store.incidents.open({
      workUnit: 'eu-west-1',
      trigger: 'declared',
      atMs: T0,
      firstSignalMs: T0,
      declaredBy: 'U1',
    });
    store.incidents.updateLifecycle(old.id, {
      atMs: T0 + 900_000,
      state: 'resolved',
      healthyStreak: 3,
      streakStartMs: T0 + 300_000,
      recoveredAtMs: T0 + 300_000,
      resolvedAtMs: T0 + 900_000,
    });
    const now = T0 + 3 * 86_400_000;
    const fresh = store.incidents.open({
      workUnit: 'us-east-1',
      trigger: 'declared',
      atMs: now,
      firstSignalMs: now,
      declaredBy: 'U2',
    });
    await poster.sync(now);
    expect(posted.map((p) => p.text)).toEqual([
      `Incident #${fresh.id} declared on us-east-1`,
      `Incident #${fresh.id} opened on us-east-1`,
    ]);
    expect(posted[1]!.ts).toBe('1.1');
    expect(store.incidents.get(old.id)!.thread).toBeNull();
    await poster.sync(now); // nothing twice
    expect(posted).toHaveLength(2);
    store.close();
  });
});
