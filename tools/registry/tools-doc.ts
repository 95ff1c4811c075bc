// docs/tools.md, generated from the registry (npm run docs:tools); a test fails when it is stale.
import { z } from 'zod';
import { toolInputJsonSchema } from './index.js';
import type { ToolDefinition } from './types.js';

interface JsonProp {
  type?: string;
  description?: string;
  default?: unknown;
  items?: { type?: string };
  additionalProperties?: { type?: string };
}

const ERROR_CODES: [string, string][] = [
  ['UNKNOWN_TOOL', 'no tool by that name; the hint lists the tools'],
  [
    'INVALID_ARGUMENTS',
    'unknown argument, wrong type or bad value; the message names each path, the hint shows a valid call',
  ],
  ['UNKNOWN_WORK_UNIT', 'the hint lists the valid work unit ids'],
  ['NO_DATA', 'nothing to answer from (no traffic, no history)'],
  ['BAD_RANGE', 'a time, range or step outside what the tool allows; the hint gives one that works'],
  ['UNAVAILABLE', 'a source is not configured or does not answer (e.g. Prometheus)'],
];

export function renderToolsDoc(tools: readonly ToolDefinition[]): string {
  const lines = [
    '# Tools',
    '',
    '<!-- Generated from tools/registry by `npm run docs:tools`; do not edit by hand. -->',
    '',
    'The tools Claude calls to answer operators in Slack, and that `headroom mcp` serves to Claude Code.',
    'One registry (`tools/registry/index.ts`) feeds both. Every tool is **read-only**: none acts on traffic.',
    '',
    'A call returns `{"ok": true, "data": …}` or `{"ok": false, "error": {"code", "message", "asked", "hint"}}`.',
    'Loads are requests per second (rps); headroom, shares and utilisation are fractions (0.25 = 25 %);',
    'growth and added capacity are percent; costs are US dollars per hour; times are ISO-8601 UTC.',
    '',
    '| error code | meaning |',
    '|---|---|',
    ...ERROR_CODES.map(([code, meaning]) => `| \`${code}\` | ${meaning} |`),
    '',
    ...tools.map((t) => `- [\`${t.name}\`](#${t.name})`),
    '',
  ];
  for (const tool of tools) lines.push(...toolSection(tool));
  return `${lines.join('\n').trimEnd()}\n`;
}

function toolSection(tool: ToolDefinition): string[] {
  const schema = toolInputJsonSchema(tool) as { properties?: Record<string, JsonProp>; required?: string[] };
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {});
  const outputKeys = Object.keys((z.toJSONSchema(tool.output) as { properties?: object }).properties ?? {});
  return [
    `## ${tool.name}`,
    '',
    tool.description,
    '',
    `Read-only: ${tool.readOnly ? 'yes' : 'no'}. Returns: ${outputKeys.map((k) => `\`${k}\``).join(', ')}.`,
    '',
    ...(fields.length === 0
      ? ['Input: none.']
      : [
          '| field | type | required | default | description |',
          '|---|---|---|---|---|',
          ...fields.map(
            ([name, p]) =>
              `| \`${name}\` | ${typeName(p)} | ${required.has(name) ? 'yes' : 'no'} | ${
                p.default === undefined ? '' : `\`${JSON.stringify(p.default)}\``
              } | ${cell(p.description ?? '')} |`,
          ),
        ]),
    '',
    'Example call:',
    '',
    '```json',
    JSON.stringify({ name: tool.name, arguments: tool.example ?? {} }),
    '```',
    '',
  ];
}

function typeName(p: JsonProp): string {
  if (p.type === 'array') return `array of ${p.items?.type ?? 'values'}`;
  if (p.type === 'object' && p.additionalProperties?.type) return `object of ${p.additionalProperties.type}`;
  return p.type ?? 'value';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
