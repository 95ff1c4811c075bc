import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server as McpProtocolServer } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { bearerMatches } from './bearer.js';
import {
  badJson,
  bodyTooLarge,
  forbiddenOrigin,
  methodNotAllowed,
  notFound,
  replyJson,
  unauthorized,
} from './http-replies.js';
import type { ListenAddress } from './listen-address.js';
import { isLoopbackHost } from './listen-address.js';
import { readJsonBody } from './read-body.js';

export const MCP_PATH = '/mcp';
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export interface McpHttpOptions {
  address: ListenAddress;
  token: string;
  /** A fresh server per request: the transport is stateless, and a server serves one transport. */
  newServer: () => McpProtocolServer;
  log: (line: string) => void;
  bodyLimitBytes?: number;
}

export interface RunningMcpHttp {
  url: string;
  close(): Promise<void>;
}

/** Streamable HTTP, stateless, JSON responses; bearer token on every request. */
export async function serveMcpHttp(options: McpHttpOptions): Promise<RunningMcpHttp> {
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const http = createServer((req, res) => {
    handle(req, res, options, limit).catch((err) => {
      options.log(`mcp http: request failed: ${(err as Error)?.stack ?? String(err)}`);
      replyJson(res, 500, { error: 'internal_error', message: 'the request failed; see the server log' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.address.port, options.address.host, () => resolve());
  });
  const bound = http.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    url: `http://${host}:${bound.port}${MCP_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: McpHttpOptions, limit: number) {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path !== MCP_PATH) return notFound(res);
  if (!bearerMatches(req.headers.authorization, options.token)) return unauthorized(res);
  const origin = req.headers.origin;
  if (origin && !isLoopbackOrigin(origin)) return forbiddenOrigin(res, origin);
  if (req.method !== 'POST') return methodNotAllowed(res);
  const body = await readJsonBody(req, limit);
  if (body.kind === 'too_large') return bodyTooLarge(res, limit);
  if (body.kind === 'not_json') return badJson(res);

  const server = options.newServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body.value);
}

/** A browser page may only talk to this server from a loopback origin (DNS-rebinding guard); CLIs send no Origin. */
function isLoopbackOrigin(origin: string): boolean {
  try {
    return isLoopbackHost(new URL(origin).hostname.replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
}
