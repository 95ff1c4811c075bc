// Turning a zod failure on tool arguments into a result the model can act on: each bad path with
// what was expected, unknown keys with the allowed ones, and an example of a valid call.
import { z } from 'zod';
import { fail } from './results.js';
import type { ToolDefinition } from './types.js';

export function invalidArgumentsResult(tool: ToolDefinition, args: unknown, error: z.ZodError) {
  const allowed = Object.keys(tool.input.shape);
  const problems = error.issues.map((issue) => describeIssue(issue, allowed));
  const asked = isPlainObject(args) ? args : { arguments: args };
  return fail(
    'INVALID_ARGUMENTS',
    `${tool.name}: invalid arguments: ${problems.join('; ')}`,
    asked,
    `Send a JSON object with only these fields: ${fieldSummary(tool)}. Example: ${JSON.stringify(tool.example ?? {})}`,
  );
}

function describeIssue(issue: z.core.$ZodIssue, allowed: string[]): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : '(arguments)';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown argument${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${
        issue.path.length ? ` in ${where}` : ''
      } (allowed: ${allowed.join(', ') || 'none'})`;
    case 'invalid_type':
      return `${where}: expected ${JSON_TYPE_NAMES[issue.expected] ?? issue.expected}, got ${received(issue.input)}`;
    default:
      return `${where}: ${issue.message}`;
  }
}

/** zod's names for the types the model knows from the JSON schema. */
const JSON_TYPE_NAMES: Record<string, string> = { record: 'object', int: 'integer', tuple: 'array' };

function received(input: unknown): string {
  if (input === undefined) return 'nothing (missing)';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return `${typeof input} ${JSON.stringify(input)?.slice(0, 40) ?? ''}`.trim();
}

/** "workUnit (string, optional), horizonDays (integer)" from the input's JSON schema. */
export function fieldSummary(tool: ToolDefinition): string {
  const schema = z.toJSONSchema(tool.input, { io: 'input' }) as {
    properties?: Record<string, { type?: string }>;
    required?: string[];
  };
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(
    ([name, prop]) => `${name} (${prop.type ?? 'value'}${required.has(name) ? '' : ', optional'})`,
  );
  return fields.length > 0 ? fields.join(', ') : 'none ({})';
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
