// The real binary over stdio, as Claude Code runs it: `headroom mcp`.
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOLS } from '../../tools/registry/index.js';
import { BIN, DEMO, ROOT } from '../cli/run-cli.js';
import { textJson } from './linked-client.js';

describe('headroom mcp (stdio, real binary)', () => {
  let client: Client;
  let transport: StdioClientTransport;
  let stderr = '';
  beforeAll(async () => {
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp', '--scenario', DEMO, '--db', ':memory:'],
      cwd: ROOT,
      env: { ...(process.env as Record<string, string>), HEADROOM_HISTORY_DAYS: '35' },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (d) => {
      stderr += d;
    });
    client = new Client({ name: 'stdio-test', version: '0' });
    await client.connect(transport);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('identifies itself and offers only tools', () => {
    expect(client.getServerVersion()).toMatchObject({ name: 'headroom' });
    expect(client.getServerCapabilities()).toEqual({ tools: {} });
  });

  it('lists every registry tool as read-only', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    expect(tools.every((t) => t.annotations?.readOnlyHint === true && t.annotations.destructiveHint === false)).toBe(
      true,
    );
  });

  it('answers get_headroom at the scenario moment', async () => {
    const result = await client.callTool({ name: 'get_headroom', arguments: { workUnit: 'eu-west-1' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      at: '2026-03-03T21:30:00.000Z',
      workUnits: [{ id: 'eu-west-1' }],
    });
  });

  it('answers an unknown argument with the structured INVALID_ARGUMENTS', async () => {
    const result = await client.callTool({ name: 'get_headroom', arguments: { region: 'eu-west-1' } });
    expect(result.isError).toBe(true);
    expect(textJson(result)).toMatchObject({ code: 'INVALID_ARGUMENTS', asked: { region: 'eu-west-1' } });
  });

  it('logs to stderr only (stdout is the protocol)', () => {
    expect(stderr).toContain(`${TOOLS.length} read-only tools on stdio`);
  });

  it('exits 0 on its own when the client closes stdin, having written nothing to stdout', async () => {
    // Not through the SDK client: its close() sends SIGTERM after a grace period, which would hide a hang.
    const child = spawn(process.execPath, [BIN, 'mcp', '--db', ':memory:'], {
      cwd: ROOT,
      env: { ...process.env, HEADROOM_HISTORY_DAYS: '35' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let childStderr = '';
    let childStdout = '';
    child.stdout.on('data', (d) => {
      childStdout += d;
    });
    const ready = new Promise<void>((resolve) =>
      child.stderr.on('data', (d) => {
        childStderr += d;
        if (childStderr.includes('on stdio')) resolve();
      }),
    );
    const exit = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (code, signal) => resolve([code, signal])),
    );
    await ready;
    child.stdin.end();
    expect(await exit).toEqual([0, null]);
    expect(childStderr).toContain('headroom mcp: stopped');
    expect(childStdout).toBe(''); // nothing but protocol messages, and none was asked for
  });
});
