// Records real tool outputs for the eval cases: the registry's tools over the simulated demo fleet
// at a fixed moment, for every call of each case's transcript, into tools.json; and the real
// recommendation that opened the thread into thread.json.
// Run: node --import tsx test/evals/record.ts [case-name…]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRuntime } from '../../bot/app/runtime.js';
import { shadowPoll } from '../../bot/shadow/shadow-loop.js';
import { openStore } from '../../bot/store/index.js';
import { createToolDeps } from '../../bot/tools-deps.js';
import { runTool } from '../../tools/registry/index.js';
import { DEMO } from '../slack/harness.js';
import { loadCases, type RecordedCall, transcriptCalls } from './case-files.js';

export const EVAL_AT = Date.parse('2026-03-03T21:10:00Z');

const only = new Set(process.argv.slice(2));
const rt = await openRuntime({ scenario: DEMO }, { HEADROOM_HISTORY_DAYS: '35' });
const store = openStore(':memory:');
await shadowPoll(rt.core, store, EVAL_AT);
const deps = createToolDeps({ core: rt.core, store, now: () => EVAL_AT });

for (const c of loadCases()) {
  if (only.size && !only.has(c.name)) continue;
  const recorded: RecordedCall[] = [];
  for (const call of transcriptCalls(c.transcript)) {
    if (recorded.some((r) => r.name === call.name && JSON.stringify(r.args) === JSON.stringify(call.input))) continue;
    recorded.push({ name: call.name, args: call.input, result: await runTool(call.name, call.input, deps) });
  }
  writeFileSync(join(c.dir, 'tools.json'), `${JSON.stringify(recorded, null, 2)}\n`);
  if (c.thread.recommendationOf) {
    const recommendation = store.getOpenRecommendation(c.thread.recommendationOf);
    if (!recommendation) throw new Error(`${c.name}: no open recommendation for ${c.thread.recommendationOf}`);
    writeFileSync(join(c.dir, 'thread.json'), `${JSON.stringify({ ...c.thread, recommendation }, null, 2)}\n`);
  }
  process.stdout.write(`${c.name}: ${recorded.length} tool output(s)\n`);
}
store.close();
rt.close();
