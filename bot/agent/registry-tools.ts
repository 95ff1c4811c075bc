import type { ToolDefinition, ToolDeps } from '../../tools/registry/index.js';
import { runTool, TOOLS, toolInputJsonSchema } from '../../tools/registry/index.js';
import type { AgentTools, ToolSpec } from './types.js';

/** The registry as the loop's tools: read-only tools only, run through runTool (validation included). */
export function registryTools(deps: ToolDeps, tools: readonly ToolDefinition[] = TOOLS): AgentTools {
  const readOnly = tools.filter((t) => t.readOnly === true);
  return {
    definitions: readOnly.map(toolSpec),
    call: (name, args) => runTool(name, args, deps),
  };
}

export function toolSpec(tool: ToolDefinition): ToolSpec {
  return {
    name: tool.name,
    description: tool.description,
    input_schema: { type: 'object', ...toolInputJsonSchema(tool) },
  };
}
