import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../bot/agent/index.js';
import { say, useTool, useTools } from '../fakes/anthropic/script.js';
import { RecordedTools } from '../fakes/recorded-tools.js';
import { API_KEY, testAgent, toolResultsIn, useFakeAnthropic } from './helpers.js';

const fake = useFakeAnthropic();

const headroom = (workUnit: string, headroom: number, load: number) => ({
  ok: true as const,
  data: { workUnit, headroom, load, safeCapacity: Math.round(load / (1 - headroom)) },
});

describe('the agent loop with the real SDK against the fake Messages API', () => {
  it('routes tool calls, returns their results and ends with the streamed answer', async () => {
    const tools = new RecordedTools({
      get_headroom: (args) => headroom((args as { workUnit: string }).workUnit, 0.23, 9200),
      list_work_units: { ok: true, data: { workUnits: ['us-east-1', 'eu-west-1'] } },
    });
    fake().script([
      useTool('list_work_units', {}, 'Let me look.'),
      useTools([
        { name: 'get_headroom', input: { workUnit: 'us-east-1' } },
        { name: 'get_headroom', input: { workUnit: 'eu-west-1' } },
      ]),
      say('us-east-1 has 23 % headroom at 9,200 rps (get_headroom).'),
    ]);
    const events: ProgressEvent[] = [];
    const t = testAgent(fake(), tools);
    const answer = await t.agent.ask({
      question: 'how much headroom in us-east-1?',
      onProgress: (e) => events.push(e),
    });
    await t.stop();

    expect(answer.text).toBe('us-east-1 has 23 % headroom at 9,200 rps (get_headroom).');
    expect(answer.outcome).toBe('answered');
    expect(tools.calls).toEqual([
      { name: 'list_work_units', args: {} },
      { name: 'get_headroom', args: { workUnit: 'us-east-1' } },
      { name: 'get_headroom', args: { workUnit: 'eu-west-1' } },
    ]);
    const bodies = fake().bodies();
    expect(bodies).toHaveLength(3);
    // The second request carries the first tool's result; the third both headroom results, in order.
    expect(toolResultsIn(bodies[1]!).map((r) => JSON.parse(r.content))).toEqual([
      { ok: true, data: { workUnits: ['us-east-1', 'eu-west-1'] } },
    ]);
    expect(
      toolResultsIn(bodies[2]!)
        .slice(1)
        .map((r) => JSON.parse(r.content).data.workUnit),
    ).toEqual(['us-east-1', 'eu-west-1']);
    expect(events.filter((e) => e.kind === 'tool').map((e) => (e as { status: string }).status)).toEqual([
      'listing work units…',
      'checking headroom of us-east-1…',
      'checking headroom of eu-west-1…',
    ]);
    const streamed = events.filter((e) => e.kind === 'text').map((e) => (e as { delta: string }).delta);
    expect(streamed.length).toBeGreaterThan(1);
    expect(streamed.join('')).toContain('9,200 rps');
  });

  it('sends the key as a bearer token, streams, and marks the system prompt, the tools and the conversation for caching', async () => {
    const tools = new RecordedTools({ get_headroom: headroom('us-east-1', 0.3, 5000) });
    fake().reset();
    fake().script([useTool('get_headroom', { workUnit: 'us-east-1' }), say('30 % (get_headroom).')]);
    const t = testAgent(fake(), tools, { model: 'claude-sonnet-5-5' });
    await t.agent.ask({ question: 'headroom of us-east-1?' });
    await t.stop();
    const [first, second] = fake().requests.filter((r) => r.path === '/v1/messages');
    expect(first!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(first!.body).toMatchObject({ model: 'claude-sonnet-5-5', stream: true });
    const system = first!.body.system as { text: string; cache_control?: unknown }[];
    expect(system[0]!.cache_control).toEqual({ type: 'ephemeral' });
    expect(system[0]!.text).toContain('Numbers come from tools');
    const toolDefs = first!.body.tools as { name: string; cache_control?: unknown }[];
    expect(toolDefs.at(-1)!.cache_control).toEqual({ type: 'ephemeral' });
    // Same prefix on the second turn: the fake reports a cache read, which the usage log keeps.
    expect(second!.body.system).toEqual(first!.body.system);
    // And the conversation itself is cached (top-level marker: the last cacheable block), so a tool
    // round reads the question and earlier results from the cache.
    expect(first!.body.cache_control).toEqual({ type: 'ephemeral' });
    expect(second!.body.cache_control).toEqual({ type: 'ephemeral' });
  });

  it('records usage and cost per question (cache writes and reads included) and sums them per day', async () => {
    const tools = new RecordedTools({ get_headroom: headroom('us-east-1', 0.3, 5000) });
    fake().reset();
    fake().script([
      useTool('get_headroom', { workUnit: 'us-east-1' }),
      say('30 % (get_headroom).'),
      say('It is unchanged since you asked.'),
    ]);
    const { openStore } = await import('../../bot/store/index.js');
    const store = openStore(':memory:');
    const t = testAgent(fake(), tools, {}, { store });
    const first = await t.agent.ask({ question: 'headroom of us-east-1?', thread: { channel: 'C1', ts: '1.0' } });
    await t.agent.ask({ question: 'and now?', thread: { channel: 'C1', ts: '1.0' } });
    await t.stop();
    const day = store.agentUsage.daily(0, Date.parse('2100-01-01'));
    expect(day).toHaveLength(1);
    expect(day[0]!.questions).toBe(2);
    expect(day[0]!.tokens).toBeGreaterThan(first.tokens);
    expect(first.costUsd).toBeGreaterThan(0);
    expect(day[0]!.costUsd).toBeCloseTo(store.agentUsage.total(0, Date.parse('2100-01-01')).costUsd, 10);
    store.close();
  });

  it('refuses tool names outside the registry without running anything, and says so to the model', async () => {
    const tools = new RecordedTools({ get_headroom: headroom('us-east-1', 0.3, 5000) });
    fake().reset();
    fake().script([useTool('shift_traffic', { from: 'eu-west-1', to: 'us-east-1' }), say('I cannot shift traffic.')]);
    const t = testAgent(fake(), tools);
    const answer = await t.agent.ask({ question: 'move eu-west-1 to us-east-1' });
    await t.stop();
    expect(tools.calls).toHaveLength(0);
    expect(answer.calls[0]).toMatchObject({ name: 'shift_traffic', refused: true });
    const [result] = toolResultsIn(fake().bodies()[1]!);
    expect(result).toMatchObject({ is_error: true });
    expect(result!.content).toContain('not one of the read-only Headroom tools');
  });

  it('a tool failure result reaches the model as an error it can explain', async () => {
    const tools = new RecordedTools({
      get_headroom: {
        ok: false,
        error: {
          code: 'UNKNOWN_WORK_UNIT',
          message: 'unknown work unit "mars-1"',
          asked: { workUnit: 'mars-1' },
          hint: 'Use one of the work unit ids: us-east-1, eu-west-1.',
        },
      },
    });
    fake().reset();
    fake().script([useTool('get_headroom', { workUnit: 'mars-1' }), say('There is no work unit mars-1.')]);
    const t = testAgent(fake(), tools);
    const answer = await t.agent.ask({ question: 'headroom of mars-1?' });
    await t.stop();
    const [result] = toolResultsIn(fake().bodies()[1]!);
    expect(result!.is_error).toBe(true);
    expect(JSON.parse(result!.content).error.code).toBe('UNKNOWN_WORK_UNIT');
    expect(answer.text).toBe('There is no work unit mars-1.');
  });
});
