import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import { content, T0, tempDbPath } from '../../store/test-helpers.js';
import type { MessageContent, SlackOut } from '../out.js';
import { ShadowPoster } from './poster.js';

describe('ShadowPoster during a snooze', () => {
  it('holds a new recommendation back while its unit is snoozed and posts it once the window ends', async () => {
    const store = openStore(tempDbPath());
    const posted: { channel: string; content: MessageContent }[] = [];
    const out = {
      postMessage: async (channel: string, c: MessageContent) => {
        posted.push({ channel, content: c });
        return { channel, ts: `1.${posted.length}` };
      },
      update: async () => {},
    } as unknown as SlackOut;
    let now = T0;
    const poster = new ShadowPoster(store, out, 'C1', pino({ level: 'silent' }), () => now);
    store.incidents.addSnooze({
      workUnit: 'eu-west-1',
      kind: 'maintenance',
      fromMs: T0,
      untilMs: T0 + 30 * 60_000,
      reason: 'patching',
      actor: 'U1',
      createdAtMs: T0,
    });
    const rec = store.openRecommendation({ workUnit: 'eu-west-1', ...content(T0 + 60_000) });
    const other = store.openRecommendation({ workUnit: 'us-east-1', ...content(T0 + 60_000) });
    await poster.onEvents([]);
    expect(posted.map((p) => p.content.text)).toEqual([expect.stringContaining('us-east-1')]);
    expect(store.getRecommendation(rec.id)!.messageRef).toBeNull();
    expect(store.laggingMessages()).toContain(rec.id);
    expect(store.getRecommendation(other.id)!.messageRef).not.toBeNull();

    now = T0 + 31 * 60_000;
    await poster.onEvents([]);
    expect(posted).toHaveLength(2);
    expect(store.getRecommendation(rec.id)!.messageRef).toEqual({ channel: 'C1', ts: '1.2' });
    store.close();
  });
});
