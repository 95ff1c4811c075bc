import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redactor } from '../../bot/agent/redact.js';
import { FakeAnthropic } from '../fakes/anthropic/server.js';
import { loadCases, transcriptCalls } from './case-files.js';
import { checkFacts, runCase, transcriptSteps } from './run-case.js';

// Offline evals: each case's scripted transcript is played by the fake Messages API to the real SDK
// and agent; the tools answer with outputs recorded from the real registry (test/evals/record.ts).

const KEY = 'sk-ant-eval-0000000000000000';
const cases = loadCases();
let fake: FakeAnthropic;
beforeAll(async () => {
  fake = await new FakeAnthropic({ apiKey: KEY }).start();
});
afterAll(async () => {
  await fake.stop();
});

describe('eval cases', () => {
  it('secrets are planted in the question, the thread and the tool outputs of some cases', () => {
    const planted = cases.filter((c) => c.expected.secrets?.length);
    const inQuestion = planted.filter((c) => c.expected.secrets!.some((s) => c.question.includes(s)));
    const inThread = planted.filter((c) =>
      c.expected.secrets!.some(
        (s) => JSON.stringify(c.thread.turns).includes(s) || c.thread.plantInSignal?.includes(s),
      ),
    );
    const inTools = planted.filter((c) =>
      c.expected.secrets!.some((s) => c.thread.plantInToolResult?.text.includes(s)),
    );
    expect(inQuestion.length).toBeGreaterThanOrEqual(1);
    expect(inThread.length).toBeGreaterThanOrEqual(1);
    expect(inTools.length).toBeGreaterThanOrEqual(1);
    const all = planted.flatMap((c) => c.expected.secrets!).join(' ');
    for (const kind of [/@example\.com/, /\b10\.\d+\.\d+\.\d+\b/, /xoxb-/, /\bU0[A-Z0-9]{8,}\b/])
      expect(all).toMatch(kind);
  });

  it('there are at least 12, each with recordings for every scripted tool call', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
    for (const c of cases) {
      for (const call of transcriptCalls(c.transcript)) {
        expect(
          c.recorded.some((r) => r.name === call.name),
          `${c.name}: ${call.name} recorded`,
        ).toBe(true);
      }
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    fake.reset();
    fake.script(transcriptSteps(c.transcript));
    const run = await runCase(c, { apiKey: KEY, baseURL: fake.url });
    const failed = checkFacts(c, run)
      .filter(([, ok]) => !ok)
      .map(([fact]) => fact);
    expect(failed, `answer was:\n${run.answer.text}`).toEqual([]);
    // Redaction holds: no secret planted in the case (question, thread, tool outputs) reached the
    // API in any request — messages or token counts — nor the answer (checkFacts).
    for (const request of fake.requests) {
      const messages = JSON.stringify(request.body.messages);
      expect(new Redactor().text(messages)).toBe(messages);
      for (const secret of c.expected.secrets ?? []) expect(request.raw, `${request.path}`).not.toContain(secret);
    }
    expect(fake.remaining(), 'the whole transcript was played').toBe(0);
  });
});
