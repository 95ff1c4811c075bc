// docs/tools.md and the token budget follow the registry: stale docs or tool definitions that grew
// more than 10 % past tools/registry/token-budget.json fail, saying which command updates them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOOLS } from '../../tools/registry/index.js';
import {
  claudeToolDefinition,
  estimateTokens,
  type ToolTokenReport,
  toolTokenReport,
} from '../../tools/registry/token-estimate.js';
import { renderToolsDoc } from '../../tools/registry/tools-doc.js';

const ALLOWED_GROWTH = 0.1;

describe('docs/tools.md', () => {
  it('is generated from the current registry', () => {
    const onDisk = readFileSync('docs/tools.md', 'utf8');
    expect(onDisk === renderToolsDoc(TOOLS), 'docs/tools.md is stale: run `npm run docs:tools` and commit it').toBe(
      true,
    );
  });

  it('documents every tool with its fields, read-only mark and an example call', () => {
    const doc = renderToolsDoc(TOOLS);
    for (const tool of TOOLS) {
      expect(doc).toContain(`## ${tool.name}\n\n${tool.description}\n\nRead-only: yes.`);
      expect(doc).toContain(JSON.stringify({ name: tool.name, arguments: tool.example }));
      for (const field of Object.keys(tool.input.shape)) expect(doc).toContain(`| \`${field}\` |`);
    }
  });
});

describe('the tool-definition token budget', () => {
  it('holds: the estimate has not grown more than 10 % past tools/registry/token-budget.json', () => {
    const budget = JSON.parse(readFileSync('tools/registry/token-budget.json', 'utf8')) as ToolTokenReport;
    const current = toolTokenReport(TOOLS);
    const limit = Math.floor(budget.total * (1 + ALLOWED_GROWTH));
    expect(
      current.total <= limit,
      `tool definitions now estimate ${current.total} tokens, more than 10 % over the budget of ${budget.total} ` +
        `(limit ${limit}). Shorten descriptions/schemas, or if the growth is intended run \`npm run tools:budget\` ` +
        'and commit tools/registry/token-budget.json.',
    ).toBe(true);
    expect(Object.keys(budget.tools).sort(), 'a tool was added or removed: run `npm run tools:budget`').toEqual(
      TOOLS.map((t) => t.name).sort(),
    );
  });

  it('estimates what Claude receives: name, description and input schema of every tool', () => {
    const report = toolTokenReport(TOOLS);
    for (const tool of TOOLS) {
      expect(report.tools[tool.name]).toBe(estimateTokens(JSON.stringify(claudeToolDefinition(tool))));
    }
    expect(report.total).toBe(Object.values(report.tools).reduce((a, b) => a + b, 0));
    // The estimate stays within a third of the plain chars/3.5 rule on this JSON.
    expect(report.total / report.totalCharsOver3_5).toBeGreaterThan(0.75);
    expect(report.total / report.totalCharsOver3_5).toBeLessThan(1.33);
  });

  it('counts word parts, digits, punctuation and whitespace', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('get headroom now')).toBe(3);
    expect(estimateTokens('headroomAtPeak')).toBe(3);
    expect(estimateTokens('utilisation')).toBe(2);
    expect(estimateTokens('12345')).toBe(2);
    expect(estimateTokens('{"a":1}')).toBe(5); // {" a ": 1 }
    expect(estimateTokens('a\n  b')).toBe(3);
  });
});
