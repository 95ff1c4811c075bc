// The real binary in HTTP mode: `headroom mcp --http 127.0.0.1:0` with a bearer token.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOLS } from '../../tools/registry/index.js';
import { DEMO, runCli } from '../cli/run-cli.js';
import { type SpawnedServer, spawnHttpServer } from './spawn-http-server.js';

const TOKEN = 'binary-test-token-5f3a9c0e71d2';

describe('headroom mcp --http (real binary)', () => {
  let server: SpawnedServer;
  beforeAll(async () => {
    server = await spawnHttpServer(['--http', '127.0.0.1:0', '--scenario', DEMO], { HEADROOM_MCP_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('serves the registry to the SDK client that sends the token', async () => {
    const client = new Client({ name: 'binary-http-test', version: '0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
      }),
    );
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    const result = await client.callTool({ name: 'recommend_failover', arguments: { workUnit: 'eu-west-1' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toBeTypeOf('object');
    await client.close();
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer binary-test-token-5f3a9c0e71d3' }],
  ])('answers 401 to %s', async (_case, headers) => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect(await res.json()).toMatchObject({ error: 'unauthorized' });
  });

  it('never writes the token to its logs', () => {
    expect(server.stderr()).toContain('bearer token required');
    expect(server.stderr()).not.toContain(TOKEN);
  });

  it('stops cleanly on SIGTERM', async () => {
    const spare = await spawnHttpServer(['--http', '127.0.0.1:0'], { HEADROOM_MCP_TOKEN: TOKEN });
    expect(await spare.stop()).toBe(0);
    expect(spare.stderr()).toContain('headroom mcp: stopped');
  });

  it('takes the token from --token-file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'headroom-mcp-')), 'token');
    writeFileSync(file, `${TOKEN}\n`);
    const fromFile = await spawnHttpServer(['--http', '127.0.0.1:0', '--token-file', file], {
      HEADROOM_MCP_TOKEN: '',
    });
    const res = await fetch(fromFile.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${TOKEN}`,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
      }),
    });
    expect(res.status).toBe(200);
    expect(await fromFile.stop()).toBe(0);
  });
});

describe('headroom mcp --http refuses to start', () => {
  it('(its --help says where the token comes from)', async () => {
    const r = await runCli(['mcp', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: headroom mcp');
    expect(r.stdout).toContain('$HEADROOM_MCP_TOKEN or --token-file');
    expect(r.stdout).toContain('--allow-remote');
  });

  it('without a token, saying how to set one (exit 1)', async () => {
    const r = await runCli(['mcp', '--http', '127.0.0.1:0'], { HEADROOM_MCP_TOKEN: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/needs a bearer token: set HEADROOM_MCP_TOKEN or pass --token-file FILE/);
    expect(r.stdout).toBe('');
  });

  it('on a non-loopback host without --allow-remote (exit 1)', async () => {
    const r = await runCli(['mcp', '--http', '0.0.0.0:0'], { HEADROOM_MCP_TOKEN: TOKEN });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not a loopback address');
    expect(r.stderr).toContain('--allow-remote');
  });

  it('with the token on the command line: there is no such option (exit 1)', async () => {
    const r = await runCli(['mcp', '--http', '127.0.0.1:0', '--token', TOKEN], { HEADROOM_MCP_TOKEN: TOKEN });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Unknown option '--token'");
  });

  it('with --token-file but no --http (exit 1)', async () => {
    const r = await runCli(['mcp', '--token-file', '/tmp/x'], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('only apply with --http');
  });
});
