import type { ServerResponse } from 'node:http';

/** Small JSON answers for requests that never reach the MCP transport. */
export function replyJson(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export const unauthorized = (res: ServerResponse) =>
  replyJson(
    res,
    401,
    { error: 'unauthorized', message: 'send the token as "Authorization: Bearer <token>"' },
    { 'www-authenticate': 'Bearer realm="headroom-mcp"' },
  );

export const notFound = (res: ServerResponse) =>
  replyJson(res, 404, { error: 'not_found', message: 'the MCP endpoint is POST /mcp' });

/** Stateless: no server-sent event stream (GET) and no session to end (DELETE); only POST. */
export const methodNotAllowed = (res: ServerResponse) =>
  replyJson(
    res,
    405,
    {
      jsonrpc: '2.0',
      error: { code: -32000, message: 'method not allowed: this server is stateless, use POST' },
      id: null,
    },
    { allow: 'POST' },
  );

export const forbiddenOrigin = (res: ServerResponse, origin: string) =>
  replyJson(res, 403, { error: 'forbidden_origin', message: `requests from origin ${origin} are not accepted` });

export const forbiddenHost = (res: ServerResponse, host: string | undefined) =>
  replyJson(res, 403, {
    error: 'forbidden_host',
    message: `Host ${JSON.stringify(host ?? '')} is not this server's name; allow it with --allowed-host NAME`,
  });

export const bodyTooLarge = (res: ServerResponse, limit: number) =>
  replyJson(res, 413, { error: 'body_too_large', message: `request bodies are limited to ${limit} bytes` });

export const badJson = (res: ServerResponse) =>
  replyJson(res, 400, { jsonrpc: '2.0', error: { code: -32700, message: 'parse error: body is not JSON' }, id: null });
