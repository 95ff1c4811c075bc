import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server as McpProtocolServer } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { bearerMatches } from './bearer.js';
import { type HostAllowList, hostAllowed, LOOPBACK_ONLY, originAllowed } from './host-allow-list.js';
import {
  badJson,
  bodyTooLarge,
  forbiddenHost,
  forbiddenOrigin,
  methodNotAllowed,
  notFound,
  replyJson,
  unauthorized,
} from './http-replies.js';
import type { ListenAddress } from './listen-address.js';
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
  /** Host and Origin names accepted besides the loopback ones (DNS-rebinding guard). */
  allow?: HostAllowList;
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
  const allow = options.allow ?? LOOPBACK_ONLY;
  // Before the token: a rebinding page must learn nothing, not even whether its guess was right.
  if (!hostAllowed(req.headers.host, allow)) return forbiddenHost(res, req.headers.host);
  const origin = req.headers.origin;
  if (!originAllowed(origin, allow)) return forbiddenOrigin(res, origin ?? '');
  if (path !== MCP_PATH) return notFound(res);
  if (!bearerMatches(req.headers.authorization, options.token)) return unauthorized(res);
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
