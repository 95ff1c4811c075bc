// DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 reaches the server
// with "Host: evil.example:PORT". The MCP spec asks Streamable HTTP servers to refuse that.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostAllowed, hostNameOf, LOOPBACK_ONLY, parseAllowList } from '../../bot/mcp/host-allow-list.js';
import { type RunningMcpHttp, serveMcpHttp } from '../../bot/mcp/http.js';
import { createMcpServer } from '../../bot/mcp/server.js';
import { FAKE_TOOLS, NO_DEPS } from './fake-tools.js';

const TOKEN = 'test-token-0123456789abcdef';
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
});

/** A raw request over a real socket, so the Host header is exactly what we say. */
function postWithHost(url: string, host: string, extra: Record<string, string> = {}) {
  const target = new URL(url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          host,
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...extra,
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(INITIALIZE);
  });
}

describe('MCP HTTP Host and Origin allow-list', () => {
  let running: RunningMcpHttp;
  let port: string;
  beforeAll(async () => {
    running = await serveMcpHttp({
      address: { host: '127.0.0.1', port: 0 },
      token: TOKEN,
      newServer: () => createMcpServer(FAKE_TOOLS, NO_DEPS, { version: 'test', onToolCrash: () => {} }),
      log: () => {},
      allow: parseAllowList(['mcp.internal.example', 'https://ide.example.com']),
    });
    port = new URL(running.url).port;
  });
  afterAll(() => running.close());

  it('refuses a rebinding Host header even with the right token', async () => {
    const res = await postWithHost(running.url, `evil.example:${port}`);
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'forbidden_host' });
    expect(res.body).toContain('--allowed-host');
  });

  it('refuses a look-alike of an allowed name and a missing Host', async () => {
    expect((await postWithHost(running.url, `mcp.internal.example.evil.example:${port}`)).status).toBe(403);
    expect((await postWithHost(running.url, `localhost.evil.example:${port}`)).status).toBe(403);
    expect(hostAllowed(undefined, LOOPBACK_ONLY)).toBe(false);
  });

  it('serves loopback names and the configured one', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `mcp.internal.example:${port}`]) {
      const res = await postWithHost(running.url, host);
      expect(res.status, host).toBe(200);
      expect(res.body).toContain('"protocolVersion"');
    }
  });

  it('refuses a foreign Origin and accepts a configured one', async () => {
    expect((await postWithHost(running.url, `127.0.0.1:${port}`, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await postWithHost(running.url, `127.0.0.1:${port}`, { origin: 'https://ide.example.com' })).status).toBe(
      200,
    );
  });

  it('reads Host values and refuses unreadable allow-list entries', () => {
    expect(hostNameOf('[::1]:80')).toBe('::1');
    expect(hostNameOf('LocalHost.:8080')).toBe('localhost');
    expect(hostNameOf('a b')).toBeUndefined();
    expect(() => parseAllowList(['bad host!'])).toThrow(/cannot read "bad host!"/);
  });
});
