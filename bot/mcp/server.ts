// The low-level Server, not McpServer: McpServer.registerTool parses arguments with the zod schema
// before our handler runs and answers a bad one with its own text ("Input validation error: …"),
// and it derives the advertised JSON schema itself. Here the registry validates (one structured
// INVALID_ARGUMENTS for Claude and MCP alike) and supplies the schema Claude is given.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { toolInputJsonSchema } from '../../tools/registry/index.js';
import { runToolIn } from '../../tools/registry/run-tool.js';
import type { ToolDefinition, ToolDeps } from '../../tools/registry/types.js';
import { Redactor, type RedactorOptions } from '../agent/redact.js';
import { defangValue, neutraliseToolResult } from '../agent/untrusted.js';
import { outputJsonSchema } from './output-schema.js';

export interface McpServerOptions {
  version: string;
  /**
   * What is redacted from every result before it leaves (to Claude Code, and so to Claude): emails,
   * IPs, tokens and keys, Slack user IDs and the fleet file's claude.redaction patterns. On with the
   * built-in rules when not given; `{ enabled: false, … }` only when claude.redaction says so.
   */
  redaction?: RedactorOptions;
  /** Where a tool that throws (a bug, not an expected failure) is reported; stderr in the CLI. */
  onToolCrash(toolName: string, err: unknown): void;
}

/** Every Headroom tool only reads: the same four hints on each, so clients can run them without a prompt. */
export const READ_ONLY_ANNOTATIONS = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;

/**
 * One MCP server over the tools (the registry's TOOLS in the CLI); attach it to one transport: stdio,
 * or one stateless HTTP request. Arguments are validated by the registry's runTool, never by the SDK,
 * so an unknown or bad argument (and an unknown tool) is the registry's structured result.
 */
export function createMcpServer(tools: readonly ToolDefinition[], deps: ToolDeps, options: McpServerOptions): Server {
  const listing = listingOf(tools);
  const declaresOutput = new Set(listing.filter((t) => t.outputSchema).map((t) => t.name));
  const server = new Server({ name: 'headroom', version: options.version }, { capabilities: { tools: {} } });
  const redaction = options.redaction ?? { enabled: true, extra: [] };
  const toolNames = tools.map((t) => t.name);

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listing }));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const { name, arguments: args } = request.params;
    try {
      // Text from alerts and logs is data for the client's model too: instructions planted in it are
      // neutralised as on the way to Claude in Slack, then secrets redacted, then links defanged. Strings only change
      // (substrings replaced by markers and placeholders), so structured content still matches the
      // tool's output schema; the text block is the same value.
      const result = neutraliseToolResult(await runToolIn(tools, name, args, deps), toolNames) as Awaited<
        ReturnType<typeof runToolIn>
      >;
      const redactor = new Redactor(redaction);
      // Links are defanged after redaction, which must see the plain addresses.
      if (!result.ok) return errorResult(defangValue(redactor.value(result.error)));
      return successResult(defangValue(redactor.value(result.data)), declaresOutput.has(name));
    } catch (err) {
      options.onToolCrash(name, err);
      return errorResult({ code: 'INTERNAL_ERROR', message: `${name} failed unexpectedly; this is a bug in Headroom` });
    }
  });
  return server;
}

// HTTP builds a server per request; the listing (JSON schemas) is built once per tool array.
const listings = new WeakMap<readonly ToolDefinition[], Tool[]>();

function listingOf(tools: readonly ToolDefinition[]): Tool[] {
  const cached = listings.get(tools);
  if (cached) return cached;
  const listing = tools.map(describeTool);
  listings.set(tools, listing);
  return listing;
}

function describeTool(tool: ToolDefinition): Tool {
  const output = outputJsonSchema(tool.output);
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: toolInputJsonSchema(tool) as Tool['inputSchema'],
    ...(output ? { outputSchema: output as Tool['outputSchema'] } : {}),
    annotations: { ...READ_ONLY_ANNOTATIONS },
  };
}

function successResult(data: unknown, structured: boolean): CallToolResult {
  const result: CallToolResult = { content: [{ type: 'text', text: JSON.stringify(data) }] };
  if (structured) result.structuredContent = data as Record<string, unknown>;
  return result;
}

/**
 * The registry's structured error ({code, message, asked, hint}) as the text. No structuredContent:
 * clients check that against the tool's output schema, which an error does not match.
 */
function errorResult(error: Record<string, unknown>): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: JSON.stringify(error) }] };
}
