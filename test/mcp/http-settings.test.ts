import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bearerMatches } from '../../bot/mcp/bearer.js';
import { checkListenAddress, isLoopbackHost, parseListenAddress } from '../../bot/mcp/listen-address.js';
import { resolveBearerToken } from '../../bot/mcp/token.js';

describe('--http address', () => {
  it.each([
    ['127.0.0.1:8765', { host: '127.0.0.1', port: 8765 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
    ['[::1]:9000', { host: '::1', port: 9000 }],
    ['8765', { host: '127.0.0.1', port: 8765 }],
  ])('reads %s', (text, expected) => {
    expect(parseListenAddress(text)).toEqual(expected);
  });

  it.each(['127.0.0.1', '127.0.0.1:99999', 'host:port', ':80', ''])('refuses "%s"', (text) => {
    expect(() => parseListenAddress(text)).toThrow(/--http: cannot read/);
  });

  it('knows loopback from the rest', () => {
    expect(['127.0.0.1', '127.10.0.3', '::1', 'localhost'].map(isLoopbackHost)).toEqual([true, true, true, true]);
    expect(['0.0.0.0', '::', '10.0.0.5', '127.example.com', '192.168.1.2'].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('refuses a non-loopback host unless --allow-remote', () => {
    expect(() => checkListenAddress({ host: '0.0.0.0', port: 80 }, false)).toThrow(/--allow-remote/);
    expect(checkListenAddress({ host: '0.0.0.0', port: 80 }, true)).toEqual({ host: '0.0.0.0', port: 80 });
  });
});

describe('bearer token', () => {
  const token = 'abcdef0123456789abcdef';

  it('matches only "Bearer <the token>"', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(undefined, token)).toBe(false);
    expect(bearerMatches('', token)).toBe(false);
    expect(bearerMatches(token, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token.slice(0, -1)}`, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token} extra`, token)).toBe(false);
  });

  it('comes from the token file (trimmed), else from the environment value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-mcp-'));
    const file = join(dir, 'token');
    writeFileSync(file, `${token}\n`);
    expect(resolveBearerToken(file, 'ignored-env-token-0123456789')).toBe(token);
    expect(resolveBearerToken(undefined, ` ${token} `)).toBe(token);
  });

  it('is required, long enough, and readable', () => {
    expect(() => resolveBearerToken(undefined, undefined)).toThrow(/HEADROOM_MCP_TOKEN or pass --token-file/);
    expect(() => resolveBearerToken(undefined, '   ')).toThrow(/needs a bearer token/);
    expect(() => resolveBearerToken(undefined, 'short')).toThrow(/at least 16 characters/);
    expect(() => resolveBearerToken(undefined, 'has a space in the middle')).toThrow(/no spaces/);
    expect(() => resolveBearerToken('/nonexistent/headroom-token', undefined)).toThrow(/cannot read .*ENOENT/);
  });
});
