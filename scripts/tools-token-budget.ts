// Estimates the tokens of the tool definitions sent to Claude and writes the budget file the
// tests hold the registry to: npm run tools:budget (commit tools/registry/token-budget.json).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TOOLS } from '../tools/registry/index.js';
import { toolTokenReport } from '../tools/registry/token-estimate.js';

const target = fileURLToPath(new URL('../tools/registry/token-budget.json', import.meta.url));
const report = toolTokenReport(TOOLS);
writeFileSync(target, `${JSON.stringify(report, null, 2)}\n`);
for (const [name, tokens] of Object.entries(report.tools))
  console.log(`${name.padEnd(24)} ${String(tokens).padStart(6)}`);
console.log(`${'total'.padEnd(24)} ${String(report.total).padStart(6)}  (chars/3.5: ${report.totalCharsOver3_5})`);
console.log(`wrote ${target}`);
