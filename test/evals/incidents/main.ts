// npm run eval:incidents — the diagnosis accuracy of the deterministic ranker on the corpus, as JSON lines.
import { fileURLToPath } from 'node:url';
import { runCorpus, summarise } from './corpus-run.js';

const CORPUS = fileURLToPath(new URL('./corpus.yaml', import.meta.url));
const wallStart = performance.now();
const results = await runCorpus(CORPUS);
for (const r of results) process.stdout.write(`${JSON.stringify({ case: r })}\n`);
const original = results.filter((r) => !r.heldOut);
const heldOut = results.filter((r) => r.heldOut);
if (heldOut.length > 0) {
  process.stdout.write(`${JSON.stringify({ summary: { set: 'original', ...summarise(original) } })}\n`);
  process.stdout.write(`${JSON.stringify({ summary: { set: 'held-out', ...summarise(heldOut) } })}\n`);
}
process.stdout.write(
  `${JSON.stringify({ summary: { set: 'all', ...summarise(results), wallSeconds: Math.round((performance.now() - wallStart) / 100) / 10 } })}\n`,
);
