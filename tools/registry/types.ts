import type { z } from 'zod';
import type { ToolDeps } from './deps.js';

export type { ToolDeps } from './deps.js';

/**
 * One tool: one file under tools/registry/tools/, one entry in the registry array that feeds
 * Claude, the MCP server, the docs and the tests. Every tool is read-only: none acts on traffic.
 */
export interface ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodType = z.ZodType> {
  /** verb_noun, e.g. get_headroom */
  name: string;
  /** Written for a model: what it answers, when to use it, what the numbers mean. */
  description: string;
  input: I;
  output: O;
  readOnly: true;
  /** Arguments of a typical call: shown in docs/tools.md and in hints after invalid arguments. */
  example?: z.input<I>;
  run(input: z.output<I>, deps: ToolDeps): Promise<ToolResult<z.output<O>>>;
}

/**
 * Expected failures are results, not throws: they say what was asked, what came back and what to
 * try, so a model or a person can act on them. Throws are for bugs.
 */
export type ToolResult<T> = { ok: true; data: T } | { ok: false; error: ToolError };

// A type alias (not an interface) so it stays assignable to Record<string, unknown> for JSON output.
export type ToolError = {
  code: ToolErrorCode;
  message: string;
  asked: Record<string, unknown>;
  hint: string;
};

export type ToolErrorCode =
  | 'UNKNOWN_TOOL'
  | 'UNKNOWN_WORK_UNIT'
  | 'INVALID_ARGUMENTS'
  | 'NO_DATA'
  | 'BAD_RANGE'
  | 'UNAVAILABLE';

export const TOOL_ERROR_CODES: readonly ToolErrorCode[] = [
  'UNKNOWN_TOOL',
  'UNKNOWN_WORK_UNIT',
  'INVALID_ARGUMENTS',
  'NO_DATA',
  'BAD_RANGE',
  'UNAVAILABLE',
];

/** Helps each tool file keep its input and output types while the registry holds them uniformly. */
export function defineTool<I extends z.ZodObject, O extends z.ZodType>(
  tool: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return tool;
}
