import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { RedactorOptions } from '../../bot/agent/redact.js';
import { createMcpServer } from '../../bot/mcp/server.js';
import type { ToolDefinition, ToolDeps } from '../../tools/registry/types.js';

/** An SDK client connected in-process to a Headroom MCP server over the given tools. */
export async function linkedClient(tools: readonly ToolDefinition[], deps: ToolDeps, redaction?: RedactorOptions) {
  const crashes: { tool: string; err: unknown }[] = [];
  const server = createMcpServer(tools, deps, {
    version: 'test',
    ...(redaction ? { redaction } : {}),
    onToolCrash: (tool, err) => crashes.push({ tool, err }),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'headroom-test', version: '0' });
  await server.connect(serverSide);
  await client.connect(clientSide);
  return {
    client,
    crashes,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/** The single text block of a tool result, parsed as JSON. */
export function textJson(result: unknown): unknown {
  const content = (result as CallToolResult).content;
  if (content.length !== 1 || content[0]?.type !== 'text')
    throw new Error(`expected one text block: ${JSON.stringify(content)}`);
  return JSON.parse(content[0].text);
}
