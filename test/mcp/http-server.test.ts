// The Streamable HTTP front door in-process: bearer token, methods, paths, limits, origins.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMcpHttp, serveMcpHttp } from '../../bot/mcp/http.js';
import { createMcpServer } from '../../bot/mcp/server.js';
import { FAKE_TOOLS, NO_DEPS } from './fake-tools.js';
import { textJson } from './linked-client.js';

const TOKEN = 'test-token-0123456789abcdef';
const BODY_LIMIT = 4096;
const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
};

describe('MCP over Streamable HTTP', () => {
  let running: RunningMcpHttp;
  const logs: string[] = [];
  beforeAll(async () => {
    running = await serveMcpHttp({
      address: { host: '127.0.0.1', port: 0 },
      token: TOKEN,
      newServer: () => createMcpServer(FAKE_TOOLS, NO_DEPS, { version: 'test', onToolCrash: () => {} }),
      log: (line) => logs.push(line),
      bodyLimitBytes: BODY_LIMIT,
    });
  });
  afterAll(async () => {
    await running.close();
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body,
    });
  const authorized = { authorization: `Bearer ${TOKEN}` };

  async function connectClient(token: string) {
    const client = new Client({ name: 'http-test', version: '0' });
    const transport = new StreamableHTTPClientTransport(new URL(running.url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    await client.connect(transport);
    return client;
  }

  it('listens on loopback at /mcp', () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  });

  it('serves tools to the SDK client that sends the bearer token', async () => {
    const client = await connectClient(TOKEN);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(FAKE_TOOLS.map((t) => t.name));
    const result = await client.callTool({ name: 'get_unit_echo', arguments: { workUnit: 'eu-west-1' } });
    expect(result.structuredContent).toEqual({ workUnit: 'eu-west-1', value: 42 });
    const bad = await client.callTool({ name: 'get_unit_echo', arguments: { workUnit: 'eu-west-1', zone: 'a' } });
    expect(textJson(bad)).toMatchObject({ code: 'INVALID_ARGUMENTS' });
    await client.close();
  });

  it('answers concurrent calls, each on its own stateless server', async () => {
    const client = await connectClient(TOKEN);
    const results = await Promise.all(
      [1, 2, 3, 4].map((factor) =>
        client.callTool({ name: 'get_unit_echo', arguments: { workUnit: 'us-east-1', factor } }),
      ),
    );
    expect(results.map((r) => (r.structuredContent as { value: number }).value)).toEqual([42, 84, 126, 168]);
    await client.close();
  });

  it('refuses the SDK client with a wrong token', async () => {
    await expect(connectClient('wrong-token-0123456789abcdef')).rejects.toThrow(/401|nauthorized/);
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer not-the-token-0123456789' }],
    ['the token with another scheme', { authorization: `Basic ${TOKEN}` }],
    ['the token as a prefix', { authorization: `Bearer ${TOKEN}x` }],
  ])('answers 401 with a JSON error and WWW-Authenticate for %s', async (_case, headers) => {
    const res = await post(JSON.stringify(INITIALIZE), headers);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await res.json()).toMatchObject({ error: 'unauthorized' });
  });

  it('accepts a raw initialize with the token', async () => {
    const res = await post(JSON.stringify(INITIALIZE), authorized);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 1, result: { serverInfo: { name: 'headroom' } } });
  });

  it('answers 405 (Allow: POST) to GET and DELETE: stateless, no event stream, no session', async () => {
    for (const method of ['GET', 'DELETE', 'PUT']) {
      const res = await fetch(running.url, { method, headers: { ...authorized, accept: 'text/event-stream' } });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
    }
  });

  it('answers 404 outside /mcp', async () => {
    const res = await fetch(new URL('/', running.url), { headers: authorized });
    expect(res.status).toBe(404);
    expect((await fetch(new URL('/mcp/extra', running.url), { method: 'POST', headers: authorized })).status).toBe(404);
  });

  it('answers 413 to a body over the limit and 400 to a body that is not JSON', async () => {
    const big = JSON.stringify({ ...INITIALIZE, padding: 'x'.repeat(BODY_LIMIT) });
    expect((await post(big, authorized)).status).toBe(413);
    const notJson = await post('{"jsonrpc":', authorized);
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { code: -32700 } });
  });

  it('refuses a browser page from a non-loopback origin and accepts a loopback one', async () => {
    const evil = await post(JSON.stringify(INITIALIZE), { ...authorized, origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    const local = await post(JSON.stringify(INITIALIZE), { ...authorized, origin: 'http://localhost:6274' });
    expect(local.status).toBe(200);
  });

  it('never logs the token', () => {
    expect(logs.join('\n')).not.toContain(TOKEN);
  });
});
