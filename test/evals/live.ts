// The eval cases against the real Messages API, scored (never in CI: needs ANTHROPIC_API_KEY).
// Run: ANTHROPIC_API_KEY=… npm run eval:live [-- --model claude-sonnet-5-5] [case-name…]
// The tools still answer with the recorded outputs; a call with other arguments gets a NO_DATA result.
import { parseArgs } from 'node:util';
import { loadCases } from './case-files.js';
import { checkFacts, runCase } from './run-case.js';

const { values, positionals } = parseArgs({ options: { model: { type: 'string' } }, allowPositionals: true });
const apiKey = process.env.ANTHROPIC_API_KEY;
if (!apiKey) {
  process.stderr.write('eval:live needs ANTHROPIC_API_KEY (and talks to the real API; never run it in CI)\n');
  process.exit(2);
}
const cases = loadCases().filter((c) => positionals.length === 0 || positionals.includes(c.name));
let passed = 0;
let total = 0;
for (const c of cases) {
  try {
    const run = await runCase(c, {
      apiKey,
      ...(process.env.ANTHROPIC_BASE_URL ? { baseURL: process.env.ANTHROPIC_BASE_URL } : {}),
      ...(values.model ? { model: values.model } : {}),
    });
    const facts = checkFacts(c, run);
    const ok = facts.filter(([, f]) => f).length;
    passed += ok;
    total += facts.length;
    process.stdout.write(
      `${JSON.stringify({ case: c.name, score: ok / facts.length, failed: facts.filter(([, f]) => !f).map(([d]) => d), tokens: run.answer.tokens, costUsd: run.answer.costUsd })}\n`,
    );
  } catch (err) {
    total += 1;
    process.stdout.write(`${JSON.stringify({ case: c.name, score: 0, error: (err as Error).message })}\n`);
  }
}
process.stdout.write(`${JSON.stringify({ score: total ? passed / total : 0, facts: total, cases: cases.length })}\n`);
