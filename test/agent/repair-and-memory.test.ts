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

  it('a figure the question merely states is no evidence: "is it 45 %?" answered "yes, 45 %" is repaired', async () => {
    fake().reset();
    fake().script([
      useTool('get_headroom', { workUnit: 'eu-central-1' }),
      say('Yes, eu-central-1 has 45 % headroom (get_headroom).'),
      say('No: eu-central-1 has 31 % headroom (get_headroom).'),
    ]);
    const t = testAgent(fake(), tools());
    const answer = await t.agent.ask({ question: 'is the headroom of eu-central-1 45 %?' });
    await t.stop();
    expect(answer.outcome).toBe('repaired');
    expect(answer.text).toBe('No: eu-central-1 has 31 % headroom (get_headroom).');
  });

  it('an assumption the question gives and the model passes to a tool is accepted and reported apart', async () => {
    fake().reset();
    const grown = new RecordedTools({
      simulate_migration: {
        ok: true,
        data: { feasible: true, workUnits: [{ id: 'eu-central-1', headroomAtPeak: 0.12 }] },
      },
    });
    fake().script([
      useTool('simulate_migration', { grow: 15 }),
      say('With traffic 15 % higher, eu-central-1 keeps 12 % headroom at peak (simulate_migration).'),
    ]);
    const t = testAgent(fake(), grown);
    const answer = await t.agent.ask({ question: 'what if traffic grows 15 %?' });
    await t.stop();
    expect(answer.outcome).toBe('answered');
    expect(answer.fromQuestion).toEqual(['15 %']);
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

  it('a repair round that only calls tools and then runs out of budget keeps the first answer, marked', async () => {
    fake().reset();
    fake().respond((req, i) => {
      if (i === 0) return useTool('get_headroom', { workUnit: 'eu-central-1' });
      if (i === 1) return say('eu-central-1 has 35 % headroom at 8,120 rps (get_headroom).');
      // The repair turn calls a tool and uses all its output tokens: nothing is left for an answer.
      if (i === 2)
        return {
          ...useTool('get_headroom', { workUnit: 'eu-central-1' }),
          usage: { output_tokens: req.body.max_tokens as number },
        };
      return say('');
    });
    const t = testAgent(fake(), tools(), { budgets: { tokens: 12_000 } });
    const answer = await t.agent.ask({ question: 'headroom of eu-central-1?' });
    await t.stop();
    expect(fake().bodies().length).toBeGreaterThanOrEqual(4);
    // After the repair's tool round, the last call had tools off (and answered nothing).
    expect(fake().bodies().at(-1)!.tool_choice).toEqual({ type: 'none' });
    expect(answer.text).not.toContain('I had not finished');
    expect(answer.text).toContain('eu-central-1 has 35 % ⚠︎ headroom at 8,120 rps (get_headroom).');
    expect(answer.unverified).toEqual(['35 %']);
    expect(answer.tokens).toBeLessThanOrEqual(12_000);
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

  it('the recommendation that opened the thread is in the context, but its figures are not tool results', async () => {
    const store = openStore(':memory:');
    const rec = store.openRecommendation({
      workUnit: 'eu-west-1',
      atMs: Date.parse('2026-03-03T21:00:00Z'),
      verdict: 'failover',
      confidence: 'high',
      summary: 'Fail over eu-west-1 to eu-central-1 (60 %) and us-east-1 (40 %).',
      payload: { plan: { targets: [{ workUnit: 'eu-central-1', share: 0.6 }] } },
    });
    const failover = new RecordedTools({
      recommend_failover: { ok: true, data: { targets: [{ workUnit: 'eu-central-1', share: 0.6 }] } },
    });
    fake().reset();
    fake().script([
      say('It moves 60 % to eu-central-1, as the recommendation says.'),
      useTool('recommend_failover', { workUnit: 'eu-west-1' }),
      say('It moves 60 % to eu-central-1 (recommend_failover).'),
    ]);
    const t = testAgent(fake(), failover, {}, { store });
    const answer = await t.agent.ask({ question: 'where does the traffic go?', recommendation: rec });
    await t.stop();
    const bodies = fake().bodies();
    const sent = JSON.stringify(bodies[0]!.messages);
    expect(sent).toContain('Fail over eu-west-1 to eu-central-1 (60 %) and us-east-1 (40 %).');
    expect(sent).toContain('\\"share\\":0.6');
    // A figure only in the recommendation is re-checked with a tool before it is posted.
    expect(JSON.stringify(bodies[1]!.messages)).toContain('60 %');
    expect(answer.outcome).toBe('repaired');
    expect(answer.text).toBe('It moves 60 % to eu-central-1 (recommend_failover).');
    store.close();
  });

  it('a figure only in the recommendation, never re-checked, is marked', async () => {
    const store = openStore(':memory:');
    const rec = store.openRecommendation({
      workUnit: 'eu-west-1',
      atMs: Date.parse('2026-03-03T21:00:00Z'),
      verdict: 'failover',
      confidence: 'high',
      summary: 'Fail over eu-west-1 to eu-central-1 (60 %) and us-east-1 (40 %).',
      payload: {},
    });
    fake().reset();
    fake().script([say('It moves 60 % to eu-central-1.'), say('It moves 60 % to eu-central-1.')]);
    const t = testAgent(fake(), tools(), {}, { store });
    const answer = await t.agent.ask({ question: 'where does the traffic go?', recommendation: rec });
    await t.stop();
    expect(answer.unverified).toEqual(['60 %']);
    expect(answer.text).toContain('60 % ⚠︎');
    store.close();
  });

  it('stores the marked answer, and a follow-up may repeat figures verified earlier in the thread', async () => {
    const store = openStore(':memory:');
    const thread = { channel: 'C0OPS', ts: '1800.1' };
    fake().reset();
    fake().script([
      useTool('get_headroom', { workUnit: 'eu-central-1' }),
      say('Headroom 31 % at 8,120 rps (get_headroom); about 2,000 rps spare.'),
      say('Headroom 31 % at 8,120 rps (get_headroom); about 2,000 rps spare.'),
      say('As before: 31 % at 8,120 rps; 2,000 rps spare.'),
      say('As before: 31 % at 8,120 rps; 2,000 rps spare.'),
    ]);
    const t = testAgent(fake(), tools(), {}, { store });
    await t.agent.ask({ question: 'headroom of eu-central-1?', thread });
    const stored = store.conversations.get(thread.channel, thread.ts)!.turns[0]!.answer;
    expect(stored).toContain('about 2,000 ⚠︎ rps spare');
    const followUp = await t.agent.ask({ question: 'and again?', thread });
    await t.stop();
    // The earlier unverified figure went back to the model marked, not as a fact.
    expect(JSON.stringify(fake().bodies()[3]!.messages)).toContain('2,000 ⚠︎');
    expect(followUp.fromEarlierTurns).toEqual(['31 %', '8,120']);
    expect(followUp.unverified).toEqual(['2,000']);
    store.close();
  });

  it('usage is recorded even when the agent fails on an internal error', async () => {
    const store = openStore(':memory:');
    store.conversations.append = () => {
      throw new Error('disk full');
    };
    fake().reset();
    fake().script([say('Nothing to report.')]);
    const t = testAgent(fake(), tools(), {}, { store });
    await expect(t.agent.ask({ question: 'x', thread: { channel: 'C1', ts: '2.2' } })).rejects.toThrow('disk full');
    await t.stop();
    const day = store.agentUsage.daily(0, Date.parse('2100-01-01'));
    expect(day[0]).toMatchObject({ questions: 1 });
    expect(day[0]!.tokens).toBeGreaterThan(0);
    store.close();
  });
});
