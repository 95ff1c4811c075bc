// Writes docs/tools.md from the tool registry: npm run docs:tools
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TOOLS } from '../tools/registry/index.js';
import { renderToolsDoc } from '../tools/registry/tools-doc.js';

const target = fileURLToPath(new URL('../docs/tools.md', import.meta.url));
writeFileSync(target, renderToolsDoc(TOOLS));
console.log(`wrote ${target} (${TOOLS.length} tools)`);
