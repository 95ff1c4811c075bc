import type { AgentTools, ToolSpec } from '../../bot/agent/index.js';
import type { ToolResult } from '../../tools/registry/index.js';

export type RecordedOutput = ToolResult<unknown> | ((args: unknown) => ToolResult<unknown>);

/**
 * Tools for the loop that answer with recorded outputs and remember every call's arguments.
 * Definitions default to a minimal schema; pass the registry's own for realistic token counts.
 */
export class RecordedTools implements AgentTools {
  readonly calls: { name: string; args: unknown }[] = [];
  readonly definitions: readonly ToolSpec[];

  constructor(
    private readonly outputs: Record<string, RecordedOutput | RecordedOutput[]>,
    definitions?: readonly ToolSpec[],
  ) {
    this.definitions =
      definitions ??
      Object.keys(outputs).map((name) => ({
        name,
        description: `recorded ${name}`,
        input_schema: { type: 'object' as const, properties: {}, additionalProperties: true },
      }));
  }

  async call(name: string, args: unknown): Promise<ToolResult<unknown>> {
    this.calls.push({ name, args });
    const recorded = this.outputs[name];
    // A list answers successive calls in order (the last one repeats).
    const seen = this.calls.filter((c) => c.name === name).length - 1;
    const output = Array.isArray(recorded) ? recorded[Math.min(seen, recorded.length - 1)] : recorded;
    if (!output) {
      return {
        ok: false,
        error: { code: 'UNKNOWN_TOOL', message: `no recorded output for ${name}`, asked: {}, hint: 'none' },
      };
    }
    return typeof output === 'function' ? output(args) : output;
  }
}
