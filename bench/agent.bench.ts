// npm run bench:agent — the Claude agent loop, one JSON line per figure:
//  • the size of the tool definitions (and the system prompt) in tokens, estimated;
//  • loop overhead per question, model time excluded: the real SDK against the local fake Messages
//    API answering at once (context, redaction, streaming parse, tools, number check, SQLite);
//  • tokens per question on the eval cases (the fake counts ≈ characters / 4, cache reads included).
import { loadPrompt } from '../bot/agent/prompts.js';
import { loadCases } from '../test/evals/case-files.js';
import { runCase, transcriptSteps } from '../test/evals/run-case.js';
import { FakeAnthropic } from '../test/fakes/anthropic/server.js';
import { TOOLS } from '../tools/registry/index.js';
import { estimateTokens, toolTokenReport } from '../tools/registry/token-estimate.js';
import { emit, percentile, round } from './stats.js';

const KEY = 'sk-ant-bench-0000000000000000';
const report = toolTokenReport(TOOLS);
emit({
  bench: 'agent.toolDefinitions.tokens',
  value: report.total,
  unit: 'tokens',
  tools: TOOLS.length,
  method: 'estimate',
});
emit({
  bench: 'agent.systemPrompt.tokens',
  value: estimateTokens(loadPrompt('system')),
  unit: 'tokens',
  method: 'estimate',
});

const fake = await new FakeAnthropic({ apiKey: KEY }).start();
const cases = loadCases();

// Tokens per question, one line per eval case and the mean.
const tokens: number[] = [];
for (const c of cases) {
  fake.reset();
  fake.script(transcriptSteps(c.transcript));
  const run = await runCase(c, { apiKey: KEY, baseURL: fake.url });
  tokens.push(run.answer.tokens);
  emit({
    bench: 'agent.evalCase.tokens',
    value: run.answer.tokens,
    unit: 'tokens',
    case: c.name,
    modelCalls: fake.messageRequests,
    costUsd: round(run.answer.costUsd),
  });
}
emit({
  bench: 'agent.tokensPerQuestion',
  value: round(tokens.reduce((a, b) => a + b, 0) / tokens.length),
  unit: 'tokens',
  stat: 'mean',
  n: tokens.length,
});

// Loop overhead: every case played in turn, many times; the fake answers without delay.
const samples: number[] = [];
const runs = Number(process.env.BENCH_RUNS ?? 10);
for (let i = 0; i < runs + 1; i++) {
  for (const c of cases) {
    fake.reset();
    fake.script(transcriptSteps(c.transcript));
    const run = await runCase(c, { apiKey: KEY, baseURL: fake.url });
    if (i > 0) samples.push(run.askMs);
  }
}
for (const [stat, q] of [
  ['p50', 0.5],
  ['p99', 0.99],
] as const) {
  emit({
    bench: 'agent.loopOverhead.perQuestion',
    value: round(percentile(samples, q)),
    unit: 'ms',
    stat,
    n: samples.length,
  });
}
await fake.stop();
