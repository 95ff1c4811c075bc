import { describe, expect, it } from 'vitest';
import { openStore } from '../../bot/store/index.js';
import { say, useTool } from '../fakes/anthropic/script.js';
import { RecordedTools } from '../fakes/recorded-tools.js';
import { testAgent, useFakeAnthropic } from './helpers.js';

const fake = useFakeAnthropic();
const tools = () => new RecordedTools({ get_headroom: { ok: true, data: { workUnit: 'eu-west-1', headroom: 0.41 } } });

describe('the question deadline (claude.deadlineMs)', () => {
  it('covers the wait in the rate limiter queue: a question stuck behind the limit times out', async () => {
    fake().reset();
    fake().script([useTool('get_headroom', { workUnit: 'eu-west-1' }), say('Headroom 41 % (get_headroom).')]);
    const store = openStore(':memory:');
    // One request a minute: the second turn would wait for the next minute.
    const t = testAgent(
      fake(),
      tools(),
      { deadlineMs: 400, rateLimits: { requestsPerMinute: 1, tokensPerMinute: 200_000 } },
      { store },
    );
    await expect(t.agent.ask({ question: 'headroom of eu-west-1?' })).rejects.toMatchObject({
      name: 'ModelUnavailableError',
      reason: 'timeout',
    });
    await t.stop();
    // The queued turn was never sent, even after the limiter let it go.
    expect(fake().messageRequests).toBe(1);
    expect(store.agentUsage.daily(0, Date.parse('2100-01-01'))[0]).toMatchObject({ questions: 1 });
    store.close();
  });

  it('covers all turns: a stream that is still going at the deadline is aborted', async () => {
    fake().reset();
    fake().script([
      useTool('get_headroom', { workUnit: 'eu-west-1' }),
      { kind: 'slow', delayMs: 5_000, reply: say('too late') },
    ]);
    // The per-request timeout is a minute; the question's deadline is what ends it.
    const t = testAgent(fake(), tools(), { deadlineMs: 400, timeoutMs: 60_000 });
    await expect(t.agent.ask({ question: 'headroom of eu-west-1?' })).rejects.toMatchObject({ reason: 'timeout' });
    await t.stop();
  });

  it('a deadline passing during the repair round leaves the first answer, marked', async () => {
    fake().reset();
    fake().script([
      say('Headroom 44 % (get_headroom).'),
      { kind: 'slow', delayMs: 5_000, reply: say('Headroom 41 % (get_headroom).') },
    ]);
    const t = testAgent(fake(), tools(), { deadlineMs: 400 });
    const answer = await t.agent.ask({ question: 'headroom of eu-west-1?' });
    await t.stop();
    expect(answer.text).toContain('Headroom 44 % ⚠︎ (get_headroom).');
  });

  it('defaults to 90 seconds', async () => {
    const { CLAUDE_DEFAULTS } = await import('../../tools/config/claude-schema.js');
    expect(CLAUDE_DEFAULTS.deadlineMs).toBe(90_000);
  });
});
