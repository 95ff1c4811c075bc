import type { z } from 'zod';

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
  run(input: z.output<I>, deps: ToolDeps): Promise<ToolResult<z.output<O>>>;
}

/**
 * Expected failures are results, not throws: they say what was asked, what came back and what to
 * try, so a model or a person can act on them. Throws are for bugs.
 */
export type ToolResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: ToolErrorCode; message: string; asked: Record<string, unknown>; hint: string } };

export type ToolErrorCode = 'UNKNOWN_WORK_UNIT' | 'INVALID_ARGUMENTS' | 'NO_DATA' | 'BAD_RANGE' | 'UNAVAILABLE';

/**
 * What tools may reach, passed in by the bot (tools never import bot/ and never read the environment).
 * Defined by the registry; implemented in bot/ over the core, the store and the adapters.
 */
export interface ToolDeps {
  [capability: string]: unknown;
}
