import { describe, expect, it } from 'vitest';
import { openStore } from '../../bot/store/index.js';
import { say, useTool } from '../fakes/anthropic/script.js';
import { RecordedTools } from '../fakes/recorded-tools.js';
import { testAgent, useFakeAnthropic } from './helpers.js';

const fake = useFakeAnthropic();
const tools = () =>
  new RecordedTools({ get_headroom: { ok: true, data: { workUnit: 'eu-central-1', headroom: 0.31, load: 8120 } } });

describe('the number check before posting', () => {
  it('one repair round: the model is told which figures no tool gave, and its corrected answer is posted', async () => {
    fake().reset();
    fake().script([
      useTool('get_headroom', { workUnit: 'eu-central-1' }),
      say('eu-central-1 has 35 % headroom at 8,120 rps (get_headroom).'),
      say('eu-central-1 has 31 % headroom at 8,120 rps (get_headroom).'),
    ]);
    const t = testAgent(fake(), tools());
    const answer = await t.agent.ask({ question: 'headroom of eu-central-1?' });
    await t.stop();
    const repairRequest = JSON.stringify(fake().bodies()[2]!.messages);
    expect(repairRequest).toContain('figures in your answer that appear in no tool result of this question');
    expect(repairRequest).toContain('35 %');
    expect(answer.outcome).toBe('repaired');
    expect(answer.text).toBe('eu-central-1 has 31 % headroom at 8,120 rps (get_headroom).');
  });

  it('figures still unsupported after the repair are marked visibly and listed', async () => {
    fake().reset();
    fake().script([
      useTool('get_headroom', { workUnit: 'eu-central-1' }),
      say('Headroom 31 % (get_headroom); about 2,000 rps spare.'),
      say('Headroom 31 % (get_headroom); about 2,000 rps spare.'),
    ]);
    const t = testAgent(fake(), tools());
    const answer = await t.agent.ask({ question: 'headroom of eu-central-1?' });
    await t.stop();
    expect(answer.outcome).toBe('unverified');
    expect(answer.unverified).toEqual(['2,000']);
    expect(answer.text).toContain('about 2,000 ⚠︎ rps spare');
    expect(answer.text).toContain('not verified: “2,000”');
  });

  it('when the repair round cannot reach Claude, the first answer is posted with its figures marked', async () => {
    fake().reset();
    fake().script([
      useTool('get_headroom', { workUnit: 'eu-central-1' }),
      say('Headroom 44 % (get_headroom).'),
      { kind: 'error', status: 400, type: 'invalid_request_error' },
    ]);
    const t = testAgent(fake(), tools());
    const answer = await t.agent.ask({ question: 'headroom of eu-central-1?' });
    await t.stop();
    expect(answer.text).toContain('Headroom 44 % ⚠︎ (get_headroom).');
  });
});

describe('thread memory', () => {
  it('persists each thread across agent instances, sends earlier turns as context, and compacts old ones', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const path = join(mkdtempSync(join(tmpdir(), 'headroom-agent-')), 'h.db');
    const thread = { channel: 'C0OPS', ts: '1700.1' };
    fake().reset();
    for (let i = 1; i <= 4; i++) {
      // A new store connection and a new agent each time: a restarted bot.
      const store = openStore(path);
      fake().script([say(`Answer number ${i}.`)]);
      const t = testAgent(fake(), tools(), { memory: { keepTurns: 2, summaryChars: 2500 } }, { store });
      await t.agent.ask({ question: `Question number ${i}?`, thread });
      await t.stop();
      store.close();
    }
    const last = fake().bodies().at(-1)!;
    const messages = last.messages as { role: string; content: string }[];
    // Turns 2 and 3 word for word, turn 1 folded into the summary, then the new question.
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    expect(messages[0]!.content).toBe('Question number 2?');
    expect(messages[3]!.content).toBe('Answer number 3.');
    expect(messages[4]!.content).toContain('summary of 1 earlier question(s) in this thread');
    expect(messages[4]!.content).toContain('Q: Question number 1? → A: Answer number 1.');
    expect(messages[4]!.content).toContain('The operator asks:\nQuestion number 4?');
    const store = openStore(path);
    const conversation = store.conversations.get(thread.channel, thread.ts)!;
    expect(conversation.turns.map((t) => t.question)).toEqual(['Question number 3?', 'Question number 4?']);
    expect(conversation.foldedTurns).toBe(2);
    expect(conversation.summary.split('\n')).toHaveLength(2);
    store.close();
  });

  it('the summary stays within its size bound however long the thread', async () => {
    const { foldTurns } = await import('../../bot/agent/memory.js');
    const fold = foldTurns(300);
    let summary = '';
    for (let i = 0; i < 50; i++)
      summary = fold(summary, [{ id: i, atMs: 0, question: `q${i} `.repeat(40), answer: 'a '.repeat(200) }]);
    expect(summary.length).toBeLessThanOrEqual(300);
    expect(summary).toContain('q49');
    expect(summary.length).toBeGreaterThan(100);
  });

  it('the recommendation that opened the thread is in the context', async () => {
    const store = openStore(':memory:');
    const rec = store.openRecommendation({
      workUnit: 'eu-west-1',
      atMs: Date.parse('2026-03-03T21:00:00Z'),
      verdict: 'failover',
      confidence: 'high',
      summary: 'Fail over eu-west-1 to eu-central-1 (60 %) and us-east-1 (40 %).',
      payload: { plan: { targets: [{ workUnit: 'eu-central-1', share: 0.6 }] } },
    });
    fake().reset();
    fake().script([say('It moves 60 % to eu-central-1, as the recommendation says.')]);
    const t = testAgent(fake(), tools(), {}, { store });
    const answer = await t.agent.ask({ question: 'where does the traffic go?', recommendation: rec });
    await t.stop();
    const sent = JSON.stringify(fake().bodies()[0]!.messages);
    expect(sent).toContain('Fail over eu-west-1 to eu-central-1 (60 %) and us-east-1 (40 %).');
    expect(sent).toContain('\\"share\\":0.6');
    // Figures of the recommendation count as known: no repair round, nothing marked.
    expect(answer.outcome).toBe('answered');
    store.close();
  });
});
