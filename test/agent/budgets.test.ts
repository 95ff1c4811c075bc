import { describe, expect, it } from 'vitest';
import { costUsd, PRICES, priceOf } from '../../bot/agent/pricing.js';
import { say, useTool } from '../fakes/anthropic/script.js';
import type { RecordedRequest } from '../fakes/anthropic/types.js';
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

  /** The worst case for a budget: every turn asks for a tool and uses all the output tokens it may. */
  const greedyModel = (req: RecordedRequest) => ({
    ...useTool('get_headroom', { workUnit: 'eu-west-1' }, 'Checking eu-west-1.'),
    usage: { output_tokens: req.body.max_tokens as number },
  });

  it('tokens: each call is priced before it is made (input + max_tokens); spent never exceeds the budget', async () => {
    fake().reset();
    fake().respond(greedyModel);
    const t = testAgent(fake(), tools(), { budgets: { tokens: 5000 } });
    const answer = await t.agent.ask({ question: 'what is wrong with eu-west-1?' });
    await t.stop();
    const maxTokens = fake()
      .bodies()
      .map((b) => b.max_tokens as number);
    expect(answer.tokens).toBeLessThanOrEqual(5000);
    expect(answer.stop).toBe('budget:tokens');
    expect(maxTokens[0]).toBe(2048);
    // The last call was given only what the budget still allowed.
    expect(maxTokens.at(-1)!).toBeLessThan(2048);
    // Near the limit the input was counted by the API, not guessed.
    expect(fake().requests.some((r) => r.path === '/v1/messages/count_tokens')).toBe(true);
    expect(answer.text).toContain('Checking eu-west-1.');
    expect(answer.text).toContain('budget of 5,000 tokens');
  });

  it('tokens: with count_tokens failing, the local upper bound still keeps the question within budget', async () => {
    fake().reset();
    fake().failCountTokens = true;
    fake().respond(greedyModel);
    const t = testAgent(fake(), tools(), { budgets: { tokens: 8000 } });
    const answer = await t.agent.ask({ question: 'what is wrong with eu-west-1?' });
    await t.stop();
    fake().failCountTokens = false;
    expect(fake().bodies().length).toBeGreaterThanOrEqual(1);
    expect(answer.tokens).toBeLessThanOrEqual(8000);
    expect(answer.stop).toBe('budget:tokens');
  });

  it('tokens: a call that cannot fit is never made', async () => {
    fake().reset();
    fake().respond(greedyModel);
    const t = testAgent(fake(), tools(), { budgets: { tokens: 1000 } });
    const answer = await t.agent.ask({ question: 'what is wrong with eu-west-1?' });
    await t.stop();
    expect(fake().bodies()).toHaveLength(0);
    expect(answer.tokens).toBe(0);
    expect(answer.text).toContain('I had not started answering when the budget ran out.');
    expect(answer.text).toContain('budget of 1,000 tokens');
  });

  it('cost: max_tokens is cut to what the cost budget still pays for; spent never exceeds it', async () => {
    fake().reset();
    fake().respond(greedyModel);
    // Sonnet output is $15 per million tokens: 2,048 output tokens cost about $0.03 a turn.
    const t = testAgent(fake(), tools(), { model: 'claude-sonnet-5-5', budgets: { costUsd: 0.05, tokens: 1_000_000 } });
    const answer = await t.agent.ask({ question: 'headroom?' });
    await t.stop();
    expect(answer.costUsd).toBeLessThanOrEqual(0.05);
    expect(answer.stop).toBe('budget:costUsd');
    expect(fake().bodies().length).toBeGreaterThanOrEqual(2);
    expect(fake().bodies().at(-1)!.max_tokens as number).toBeLessThan(2048);
    expect(answer.text).toContain('cost budget of $0.05');
    expect(answer.text).toContain('Checking eu-west-1.');
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
