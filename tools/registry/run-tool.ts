// Running a tool by name with untrusted arguments (from Claude or an MCP client). Expected
// failures come back as results; only bugs throw.
import { HeadroomError } from '../../analytics/errors.js';
import type { ToolDeps } from './deps.js';
import { invalidArgumentsResult } from './invalid-arguments.js';
import { fail } from './results.js';
import type { ToolDefinition, ToolErrorCode, ToolResult } from './types.js';

export async function runToolIn(
  tools: readonly ToolDefinition[],
  name: string,
  args: unknown,
  deps: ToolDeps,
): Promise<ToolResult<unknown>> {
  const tool = tools.find((t) => t.name === name);
  const asked = typeof args === 'object' && args !== null && !Array.isArray(args) ? { ...args } : { arguments: args };
  if (!tool) {
    return fail(
      'UNKNOWN_TOOL',
      `no tool named "${name}"`,
      { tool: name, ...asked },
      `Use one of: ${tools.map((t) => t.name).join(', ')}.`,
    );
  }
  // A missing arguments object means "no arguments" (MCP clients may omit it for empty inputs).
  const parsed = tool.input.safeParse(args ?? {}, { reportInput: true });
  if (!parsed.success) return invalidArgumentsResult(tool, args, parsed.error);
  try {
    return await tool.run(parsed.data, deps);
  } catch (err) {
    const mapped = err instanceof HeadroomError ? expectedFailure(err, asked) : undefined;
    if (mapped) return mapped;
    throw err;
  }
}

const CODE_OF: Partial<Record<HeadroomError['code'], ToolErrorCode>> = {
  UNKNOWN_WORK_UNIT: 'UNKNOWN_WORK_UNIT',
  DATA_MISSING: 'NO_DATA',
  BAD_TIME: 'BAD_RANGE',
  USAGE: 'INVALID_ARGUMENTS',
  INPUT_INVALID: 'INVALID_ARGUMENTS',
};

const HINT_OF: Record<ToolErrorCode, string> = {
  UNKNOWN_TOOL: 'Use one of the listed tools.',
  UNKNOWN_WORK_UNIT: 'Call list_work_units for the valid ids.',
  INVALID_ARGUMENTS: 'Fix the arguments named in the message and call again.',
  NO_DATA: 'There is no data for this yet; say so rather than guessing, or try another unit or moment.',
  BAD_RANGE: 'Choose a time or range within the available history.',
  UNAVAILABLE: 'The source cannot be reached now; answer from the other tools and say this one was unavailable.',
};

/** A core error that is an expected failure (bad unit, missing data…) becomes a result; others are bugs. */
function expectedFailure(err: HeadroomError, asked: Record<string, unknown>) {
  const code = CODE_OF[err.code];
  if (!code) return undefined;
  const known = Array.isArray(err.details.known) ? (err.details.known as string[]) : undefined;
  const hint =
    code === 'UNKNOWN_WORK_UNIT' && known ? `Use one of the work unit ids: ${known.join(', ')}.` : HINT_OF[code];
  return fail(code, err.message, asked, hint);
}
