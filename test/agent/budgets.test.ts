import { describe, expect, it } from 'vitest';
import { costUsd, PRICES, priceOf } from '../../bot/agent/pricing.js';
import { toolSpec } from '../../bot/agent/registry-tools.js';
import { CLAUDE_BUDGET_DEFAULTS } from '../../tools/config/claude-schema.js';
import { TOOLS } from '../../tools/registry/index.js';
import { say, useTool, useTools } from '../fakes/anthropic/script.js';
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

  /** Tool choice of each /v1/messages request, in order. */
  const choices = () =>
    fake()
      .bodies()
      .map((b) => (b.tool_choice as { type: string }).type);

  it('tokens: each call is priced before it is made; tool rounds while an answer still fits, then one last call without tools', async () => {
    fake().reset();
    fake().respond(greedyModel);
    const t = testAgent(fake(), tools(), { budgets: { tokens: 20_000 } });
    const answer = await t.agent.ask({ question: 'what is wrong with eu-west-1?' });
    await t.stop();
    expect(answer.tokens).toBeLessThanOrEqual(20_000);
    expect(answer.stop).toBe('budget:tokens');
    expect(answer.outcome).toBe('budget');
    const c = choices();
    expect(c.length).toBeGreaterThanOrEqual(3);
    expect(c.slice(0, -1).every((x) => x === 'auto')).toBe(true);
    expect(c.at(-1)).toBe('none');
    expect(JSON.stringify(fake().bodies().at(-1)!.messages)).toContain(
      'The token budget for this question is nearly used up',
    );
    // The greedy model's last turn is the answer (not "I had not finished …").
    expect(answer.text).toContain('Checking eu-west-1.');
    expect(answer.text).not.toContain('I had not finished');
    expect(answer.text).toContain('budget of 20,000 tokens');
  });

  it('tokens: with count_tokens failing, the budget still holds and the last call answers with tools off', async () => {
    fake().reset();
    fake().failCountTokens = true;
    fake().respond(greedyModel);
    const t = testAgent(fake(), tools(), { budgets: { tokens: 20_000 } });
    const answer = await t.agent.ask({ question: 'what is wrong with eu-west-1?' });
    await t.stop();
    fake().failCountTokens = false;
    // From the second call on the estimate comes from the billed input: no count is needed.
    const c = choices();
    expect(c.length).toBeGreaterThanOrEqual(3);
    expect(c.slice(0, -1).every((x) => x === 'auto')).toBe(true);
    expect(c.at(-1)).toBe('none');
    expect(answer.tokens).toBeLessThanOrEqual(20_000);
    expect(answer.stop).toBe('budget:tokens');
    expect(answer.text).toContain('Checking eu-west-1.');
    expect(answer.text).not.toContain('I had not finished');
    expect(answer.text).toContain('budget of 20,000 tokens');
  });

  it('tokens: the first call is counted when the local bound does not fit; without the count it answers at once, tools off', async () => {
    for (const countFails of [false, true]) {
      fake().reset();
      fake().failCountTokens = countFails;
      fake().respond(greedyModel);
      const t = testAgent(fake(), tools(), { budgets: { tokens: 9_000 } });
      const answer = await t.agent.ask({ question: 'what is wrong with eu-west-1?' });
      await t.stop();
      fake().failCountTokens = false;
      expect(fake().requests[0]!.path).toBe('/v1/messages/count_tokens');
      expect(fake().requests.filter((r) => r.path === '/v1/messages/count_tokens')).toHaveLength(1);
      expect(choices()[0]).toBe(countFails ? 'none' : 'auto');
      expect(choices().at(-1)).toBe('none');
      expect(answer.tokens).toBeLessThanOrEqual(9_000);
      expect(answer.stop).toBe('budget:tokens');
      expect(answer.text).toContain('Checking eu-west-1.');
    }
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
    const t = testAgent(fake(), tools(), { model: 'claude-sonnet-5-5', budgets: { costUsd: 0.03, tokens: 1_000_000 } });
    const answer = await t.agent.ask({ question: 'headroom?' });
    await t.stop();
    expect(answer.costUsd).toBeLessThanOrEqual(0.03);
    expect(answer.stop).toBe('budget:costUsd');
    expect(choices()).toEqual(['none']);
    expect(fake().bodies().at(-1)!.max_tokens as number).toBeLessThan(2048);
    expect(answer.text).toContain('cost budget of $0.03');
    expect(answer.text).toContain('Checking eu-west-1.');
  });

  it('cost: tool rounds while the answer still fits, then a last call without tools; spent never exceeds it', async () => {
    fake().reset();
    fake().respond(greedyModel);
    const t = testAgent(fake(), tools(), { model: 'claude-sonnet-5-5', budgets: { costUsd: 0.15, tokens: 1_000_000 } });
    const answer = await t.agent.ask({ question: 'headroom?' });
    await t.stop();
    expect(answer.costUsd).toBeLessThanOrEqual(0.15);
    expect(answer.stop).toBe('budget:costUsd');
    expect(choices().length).toBeGreaterThanOrEqual(2);
    expect(choices().at(-1)).toBe('none');
    expect(answer.text).toContain('Checking eu-west-1.');
  });

  it('a round whose full results would leave no room for the answer has them cut to fit', async () => {
    fake().reset();
    const big = { ok: true as const, data: { lines: Array.from({ length: 3000 }, (_, i) => `line ${i} ok`) } };
    fake().respond((req) =>
      (req.body.tool_choice as { type: string }).type === 'none'
        ? say('Signals look quiet (get_signals).')
        : useTools([
            { name: 'get_signals', input: { workUnit: 'eu-west-1' } },
            { name: 'get_signals', input: { workUnit: 'eu-west-2' } },
            { name: 'get_signals', input: { workUnit: 'eu-west-3' } },
          ]),
    );
    const t = testAgent(fake(), new RecordedTools({ get_signals: big }), {
      budgets: { tokens: 14_000, toolResultChars: 20_000 },
    });
    const answer = await t.agent.ask({ question: 'signals everywhere?' });
    await t.stop();
    expect(answer.tokens).toBeLessThanOrEqual(14_000);
    // The first round's results were cut (or skipped) to leave the answer its room.
    expect(answer.calls.some((c) => c.truncated || c.refused)).toBe(true);
    expect(answer.calls.every((c) => c.resultText.length < 20_000)).toBe(true);
    expect(answer.text).toContain('Signals look quiet (get_signals).');
    expect(choices().at(-1)).toBe('none');
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

  describe('default budgets: an ordinary 4-tool question ends with an answer', () => {
    const defs = TOOLS.filter((tool) => tool.readOnly).map(toolSpec);
    // A realistic ~8,000-character result per tool (numbers-heavy JSON, cut at toolResultChars).
    const series = (n: number) => ({
      ok: true as const,
      data: {
        workUnit: 'eu-west-1',
        points: Array.from({ length: n }, (_, i) => ({
          t: `2026-03-03T${String(i % 24).padStart(2, '0')}:00:00Z`,
          rps: 12000 + i * 7.3,
          headroom: 0.41,
        })),
      },
    });
    const bigTools = () =>
      new RecordedTools(
        { get_headroom: series(140), forecast_load: series(140), get_signals: series(140), get_affinity: series(140) },
        defs,
      );
    for (const countFails of [false, true]) {
      it(`count_tokens ${countFails ? 'failing' : 'working'}: end_turn with the model's answer, within budget`, async () => {
        fake().reset();
        fake().failCountTokens = countFails;
        fake().script([
          useTool('get_headroom', { workUnit: 'eu-west-1' }),
          useTool('forecast_load', { workUnit: 'eu-west-1' }),
          useTool('get_signals', { workUnit: 'eu-west-1' }),
          useTool('get_affinity', { workUnit: 'eu-west-1' }),
          say('Headroom is 41 % (get_headroom).'),
        ]);
        const t = testAgent(fake(), bigTools());
        const answer = await t.agent.ask({ question: 'what is wrong with eu-west-1?' });
        await t.stop();
        fake().failCountTokens = false;
        expect(answer.calls.map((c) => c.name)).toEqual([
          'get_headroom',
          'forecast_load',
          'get_signals',
          'get_affinity',
        ]);
        expect(answer.calls.every((c) => c.resultText.length >= CLAUDE_BUDGET_DEFAULTS.toolResultChars)).toBe(true);
        expect(answer.stop).toBe('end_turn');
        expect(answer.outcome).toBe('answered');
        expect(answer.text).toContain('Headroom is 41 % (get_headroom).');
        expect(answer.text).not.toContain('I had not finished');
        expect(answer.tokens).toBeLessThanOrEqual(CLAUDE_BUDGET_DEFAULTS.tokens);
        expect(
          fake()
            .bodies()
            .every((b) => b.max_tokens === CLAUDE_BUDGET_DEFAULTS.maxOutputTokens),
        ).toBe(true);
      });
    }

    it('a question too big for the token budget still gets an answer from what is known (tools off, note kept)', async () => {
      fake().reset();
      fake().failCountTokens = true;
      // A model that keeps asking for tools; at default budgets the tokens run out before the rounds.
      const names = ['get_headroom', 'forecast_load', 'get_signals', 'get_affinity'];
      fake().respond((req, i) =>
        (req.body.tool_choice as { type: string }).type === 'none'
          ? say('From what I have: headroom is 41 % (get_headroom).')
          : useTool(names[i % names.length]!, { workUnit: 'eu-west-1' }),
      );
      const t = testAgent(fake(), bigTools(), { budgets: { toolRounds: 20 } });
      const answer = await t.agent.ask({ question: 'check everything about eu-west-1' });
      await t.stop();
      fake().failCountTokens = false;
      expect(answer.stop).toBe('budget:tokens');
      expect(answer.tokens).toBeLessThanOrEqual(CLAUDE_BUDGET_DEFAULTS.tokens);
      expect(answer.text).toContain('From what I have: headroom is 41 % (get_headroom).');
      expect(answer.text).toContain('budget of 120,000 tokens');
      expect(answer.text).not.toContain('I had not finished');
      expect(fake().bodies().at(-1)!.tool_choice).toEqual({ type: 'none' });
    });
  });
});
