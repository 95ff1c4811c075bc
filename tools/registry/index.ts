// The one registry: Claude's tool list, the MCP server, docs/tools.md, the token budget and the
// tests all read TOOLS. A new tool is one file under tools/ and one line here.
import { z } from 'zod';
import type { ToolDeps } from './deps.js';
import { runToolIn } from './run-tool.js';
import { estimateCostTool } from './tools/estimate-cost.js';
import { forecastLoadTool } from './tools/forecast-load.js';
import { getAffinityTool } from './tools/get-affinity.js';
import { getCapacityBaselineTool } from './tools/get-capacity-baseline.js';
import { getDecisionsTool } from './tools/get-decisions.js';
import { getHeadroomTool } from './tools/get-headroom.js';
import { getRecommendationsTool } from './tools/get-recommendations.js';
import { getSignalsTool } from './tools/get-signals.js';
import { getTraceTool } from './tools/get-trace.js';
import { listDeploysTool } from './tools/list-deploys.js';
import { listWorkUnitsTool } from './tools/list-work-units.js';
import { queryPrometheusTool } from './tools/query-prometheus.js';
import { recommendFailoverTool } from './tools/recommend-failover.js';
import { searchLogsTool } from './tools/search-logs.js';
import { searchTracesTool } from './tools/search-traces.js';
import { simulateMigrationTool } from './tools/simulate-migration.js';
import type { ToolDefinition, ToolResult } from './types.js';

export type * from './contracts.js';
export type * from './deps.js';
export type * from './types.js';
export { TOOL_ERROR_CODES } from './types.js';

export const TOOLS: readonly ToolDefinition[] = [
  listWorkUnitsTool,
  getHeadroomTool,
  getCapacityBaselineTool,
  getSignalsTool,
  getAffinityTool,
  recommendFailoverTool,
  simulateMigrationTool,
  forecastLoadTool,
  estimateCostTool,
  queryPrometheusTool,
  getRecommendationsTool,
  getDecisionsTool,
  searchLogsTool,
  searchTracesTool,
  getTraceTool,
  listDeploysTool,
];

export function findTool(name: string): ToolDefinition | undefined {
  return TOOLS.find((t) => t.name === name);
}

/** Runs a tool with untrusted arguments; never throws for expected failures (see run-tool.ts). */
export function runTool(name: string, args: unknown, deps: ToolDeps): Promise<ToolResult<unknown>> {
  return runToolIn(TOOLS, name, args, deps);
}

/**
 * The input as JSON Schema: Claude's input_schema, and what MCP clients see. The input side (io:
 * 'input'), so fields with defaults are optional, as the model may omit them.
 */
export function toolInputJsonSchema(tool: ToolDefinition): Record<string, unknown> {
  // The $schema URI is noise for Claude and MCP clients and costs tokens on every request.
  const { $schema: _dialect, ...schema } = z.toJSONSchema(tool.input, { io: 'input' }) as Record<string, unknown>;
  return schema;
}
