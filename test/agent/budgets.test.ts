import { describe, expect, it } from 'vitest';
import { costUsd, PRICES, priceOf } from '../../bot/agent/pricing.js';
import { say, useTool } from '../fakes/anthropic/script.js';
import { RecordedTools } from '../fakes/recorded-tools.js';
import { testAgent, toolResultsIn, useFakeAnthropic } from './helpers.js';

const fake = useFakeAnthropic();
const tools = () =>
  new RecordedTools({
    get_signals: {
      ok: true,
      data: { workUnit: 'eu-west-1', lines: Array.from({ length: 400 }, (_, i) => `line ${i}`) },
    },
    get_headroom: { ok: true, data: { workUnit: 'eu-west-1', headroom: 0.41 } },
  });

describe('budgets per question', () => {
  it('tool rounds: after the last allowed round the model must answer without tools, with a note', async () => {
    fake().reset();
    fake().script([
      useTool('get_headroom', { workUnit: 'eu-west-1' }),
      useTool('get_headroom', { workUnit: 'eu-west-1' }),
      say('Headroom is 41 % (get_headroom).'),
    ]);
    const t = testAgent(fake(), tools(), { budgets: { toolRounds: 2 } });
    const answer = await t.agent.ask({ question: 'headroom?' });
    await t.stop();
    const bodies = fake().bodies();
    expect(bodies).toHaveLength(3);
    expect(bodies[2]!.tool_choice).toEqual({ type: 'none' });
    expect(JSON.stringify(bodies[2]!.messages)).toContain('The tool budget for this question is used up');
    expect(answer.stop).toBe('budget:toolRounds');
    expect(answer.outcome).toBe('budget');
    expect(answer.text).toContain('Headroom is 41 % (get_headroom).');
    expect(answer.text).toContain('Stopped after 2 rounds of tool calls');
  });

  it('tokens: no model call once the question has spent its tokens; answers with what is known', async () => {
    fake().reset();
    // Each turn reports 3,000 input tokens: the budget of 5,000 is gone after the second.
    fake().respond((_req, i) =>
      i === 0
        ? {
            ...useTool('get_headroom', { workUnit: 'eu-west-1' }, 'Checking eu-west-1.'),
            usage: { input_tokens: 3000 },
          }
        : { ...useTool('get_signals', { workUnit: 'eu-west-1' }), usage: { input_tokens: 3000 } },
    );
    const t = testAgent(fake(), tools(), { budgets: { tokens: 5000 } });
    const answer = await t.agent.ask({ question: 'what is wrong with eu-west-1?' });
    await t.stop();
    expect(fake().bodies()).toHaveLength(2);
    expect(answer.stop).toBe('budget:tokens');
    expect(answer.text).toContain('Checking eu-west-1.');
    expect(answer.text).toContain('budget of 5,000 tokens');
    expect(answer.tokens).toBeGreaterThanOrEqual(5000);
  });

  it('cost: stops when the price of the tokens spent reaches the cost budget', async () => {
    fake().reset();
    // 40,000 output tokens of a Sonnet model cost $0.60, over a $0.50 budget.
    fake().respond(() => ({ ...useTool('get_headroom', { workUnit: 'eu-west-1' }), usage: { output_tokens: 40_000 } }));
    const t = testAgent(fake(), tools(), { model: 'claude-sonnet-5-5', budgets: { costUsd: 0.5, tokens: 1_000_000 } });
    const answer = await t.agent.ask({ question: 'headroom?' });
    await t.stop();
    expect(fake().bodies()).toHaveLength(1);
    expect(answer.stop).toBe('budget:costUsd');
    expect(answer.costUsd).toBeGreaterThanOrEqual(0.5);
    expect(answer.text).toContain('cost budget of $0.50');
    expect(answer.text).toContain('`get_headroom`');
  });

  it('a tool result over the size budget is cut, and the model is told so', async () => {
    fake().reset();
    fake().script([useTool('get_signals', { workUnit: 'eu-west-1' }), say('The signals were long; nothing alarming.')]);
    const t = testAgent(fake(), tools(), { budgets: { toolResultChars: 500 } });
    const answer = await t.agent.ask({ question: 'signals of eu-west-1?' });
    await t.stop();
    const [result] = toolResultsIn(fake().bodies()[1]!);
    expect(result!.content.length).toBeLessThan(800);
    expect(result!.content).toMatch(
      /\[truncated by Headroom: this tool result was cut to its first 500 of \d+ characters/,
    );
    expect(answer.calls[0]!.truncated).toBe(true);
  });

  it('prices: one table, cache writes 1.25× and reads 0.1× of input, unknown models at the dearest price', () => {
    const sonnet = priceOf('claude-sonnet-5-5').price;
    expect(sonnet).toEqual(PRICES['claude-sonnet-5']);
    expect(priceOf('claude-sonnet-4-5-20250929').price).toEqual(PRICES['claude-sonnet-4']);
    expect(
      costUsd({ inputTokens: 1e6, outputTokens: 1e6, cacheWriteTokens: 1e6, cacheReadTokens: 1e6 }, sonnet),
    ).toBeCloseTo(3 + 15 + 3.75 + 0.3, 10);
    expect(priceOf('some-future-model')).toMatchObject({ known: false });
    const dearest = Math.max(...Object.values(PRICES).map((p) => p.output));
    expect(priceOf('some-future-model').price.output).toBe(dearest);
    expect(priceOf('x', { input: 1, output: 2, cacheRead: 0, cacheWrite: 1 }).price.output).toBe(2);
  });
});
