import type { Readable, Writable } from 'node:stream';
import type { Server as McpProtocolServer } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

/**
 * Serves one client over stdin/stdout until the client closes stdin or `stop` is called.
 * stdout carries the protocol: everything else goes to stderr.
 */
export async function serveMcpStdio(
  server: McpProtocolServer,
  io: { stdin: Readable; stdout: Writable },
  stop: Promise<void>,
): Promise<void> {
  const transport = new StdioServerTransport(io.stdin, io.stdout);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  io.stdin.once('end', () => void server.close());
  await server.connect(transport);
  await Promise.race([closed, stop]);
  await server.close();
}
