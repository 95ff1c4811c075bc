import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../bot/app/runtime.js';
import { ClaudeQuestionHandler } from '../../bot/slack/questions/claude.js';
import { questionHandlerFor } from '../../bot/slack/questions/compose.js';
import { DeterministicQuestionHandler } from '../../bot/slack/questions/deterministic.js';
import type { QuestionContext } from '../../bot/slack/questions/types.js';
import { openStore } from '../../bot/store/index.js';
import { fail, say } from '../fakes/anthropic/script.js';
import { RecordedTools } from '../fakes/recorded-tools.js';
import { demoRuntime } from '../slack/harness.js';
import { API_KEY, testAgent, useFakeAnthropic } from './helpers.js';

const fake = useFakeAnthropic();
let rt: Runtime;
beforeAll(async () => {
  rt = await demoRuntime();
}, 120_000);

const AT = Date.parse('2026-03-03T21:10:00Z');
const context: QuestionContext = {
  thread: { channel: 'C0OPS', ts: '1.1' },
  user: { id: 'UOPER001', role: 'operator' },
};
const WHAT_IF = 'what if shed eu-west-1 split eu-central-1=0.6,us-east-1=0.4';
const FREE_FORM = 'why is eu-west-1 unhealthy?';

function handlerWith(overrides: Parameters<typeof testAgent>[2], logs: string[]) {
  const t = testAgent(fake(), new RecordedTools({}), overrides, { logs });
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  return { handler: new ClaudeQuestionHandler(t.agent, new DeterministicQuestionHandler(rt.core, () => AT), log), t };
}

describe('Claude unavailable: a deterministic what-if or a clear message, never silence', () => {
  it('no API key: the composition root keeps the deterministic reader; the Claude handler says why', async () => {
    const store = openStore(':memory:');
    const composed = questionHandlerFor({
      config: rt.config,
      core: rt.core,
      store,
      now: () => AT,
      log: pino({ level: 'silent' }),
      claude: {},
      toolDeps: {} as never,
    });
    expect(composed.kind).toBe('deterministic');
    const handler = new ClaudeQuestionHandler(
      undefined,
      new DeterministicQuestionHandler(rt.core, () => AT),
      pino({ level: 'silent' }),
    );
    expect((await handler.answer(FREE_FORM, context)).text).toContain('no Anthropic API key is configured');
    const whatIf = await handler.answer(WHAT_IF, context);
    expect(whatIf.text).toContain('Claude is unavailable (no Anthropic API key is configured)');
    expect(whatIf.text).toContain('whatif shed eu-west-1 split eu-central-1=0.6,us-east-1=0.4');
    store.close();
  });

  it('with a key (or a base URL) the composition root answers with Claude', () => {
    const store = openStore(':memory:');
    const composed = questionHandlerFor({
      config: rt.config,
      core: rt.core,
      store,
      now: () => AT,
      log: pino({ level: 'silent' }),
      claude: { apiKey: API_KEY, baseURL: fake().url },
      toolDeps: {} as never,
    });
    expect(composed.kind).toBe('claude');
    const off = questionHandlerFor({
      config: { ...rt.config, claude: { ...rt.config.claude!, enabled: false } },
      core: rt.core,
      store,
      now: () => AT,
      log: pino({ level: 'silent' }),
      claude: { apiKey: API_KEY },
      toolDeps: {} as never,
    });
    expect(off.kind).toBe('deterministic');
    void composed.stop();
    store.close();
  });

  it('429 beyond the retries: the what-if form is answered deterministically; the key is never logged', async () => {
    fake().reset();
    fake().script([
      fail(429, 'rate_limit_error', 0),
      fail(429, 'rate_limit_error', 0),
      fail(429, 'rate_limit_error', 0),
    ]);
    const logs: string[] = [];
    const { handler, t } = handlerWith({ maxRetries: 2 }, logs);
    const answer = await handler.answer(WHAT_IF, context);
    await t.stop();
    expect(fake().messageRequests).toBe(3); // the first try and two retries
    expect(answer.text).toContain('kept rate-limiting us (429) after retries');
    expect(answer.text).toContain('What-if at');
    const logged = logs.join('\n');
    expect(logged).toContain('"reason":"rate-limited"');
    expect(logged).not.toContain(API_KEY);
  });

  it('529 overloaded beyond the retries: a free-form question gets a clear message', async () => {
    fake().reset();
    fake().script([fail(529, 'overloaded_error', 0), fail(529, 'overloaded_error', 0)]);
    const { handler, t } = handlerWith({ maxRetries: 1 }, []);
    const answer = await handler.answer(FREE_FORM, context);
    await t.stop();
    expect(fake().messageRequests).toBe(2);
    expect(answer.text).toContain(':warning: I could not answer with Claude: the Anthropic API is overloaded (529)');
    expect(answer.text).toContain('what if shed eu-west-1 split');
  });

  it('an overloaded error in the middle of the stream degrades the same way', async () => {
    fake().reset();
    fake().script([{ kind: 'reply', streamError: { type: 'overloaded_error', message: 'Overloaded' } }]);
    const { handler, t } = handlerWith({ maxRetries: 0 }, []);
    const answer = await handler.answer(FREE_FORM, context);
    await t.stop();
    expect(answer.text).toContain('overloaded');
  });

  it('a timeout: the what-if is answered deterministically', async () => {
    fake().reset();
    fake().script([{ kind: 'slow', delayMs: 3_000, reply: say('too late') }]);
    const { handler, t } = handlerWith({ maxRetries: 0, timeoutMs: 150 }, []);
    const answer = await handler.answer(WHAT_IF, context);
    await t.stop();
    expect(answer.text).toContain('did not answer in time');
    expect(answer.text).toContain('What-if at');
  });

  it('a rejected key (401) says so', async () => {
    fake().reset();
    const { handler, t } = (() => {
      const tt = testAgent(fake(), new RecordedTools({}), {}, { apiKey: 'sk-ant-wrong-key-000000' });
      const h = new ClaudeQuestionHandler(
        tt.agent,
        new DeterministicQuestionHandler(rt.core, () => AT),
        pino({ level: 'silent' }),
      );
      return { handler: h, t: tt };
    })();
    const answer = await handler.answer(FREE_FORM, context);
    await t.stop();
    expect(answer.text).toContain('rejected our key');
  });

  it('usage of a failed question is still recorded, with the reason', async () => {
    fake().reset();
    fake().script([fail(529, 'overloaded_error', 0)]);
    const store = openStore(':memory:');
    const t = testAgent(fake(), new RecordedTools({}), {}, { store });
    await expect(t.agent.ask({ question: 'x' })).rejects.toMatchObject({ reason: 'overloaded' });
    await t.stop();
    expect(store.agentUsage.daily(0, Date.parse('2100-01-01'))[0]).toMatchObject({ questions: 1, tokens: 0 });
    store.close();
  });
});
