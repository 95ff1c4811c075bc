import { isLoopbackHost } from './listen-address.js';

/**
 * Who may address the MCP HTTP server. A DNS-rebinding page reaches 127.0.0.1 under its own host
 * name, so the Host header (and a browser's Origin) must name this server: the loopback names by
 * default, plus the names the operator lists (--allowed-host, for a server behind a proxy).
 */
export interface HostAllowList {
  /** Host names (no port), lower case; loopback names are always allowed. */
  hosts: readonly string[];
  /** Full origins ("https://ide.example.com"); loopback origins are always allowed. */
  origins: readonly string[];
}

export const LOOPBACK_ONLY: HostAllowList = { hosts: [], origins: [] };

/** The host name of a Host header value ("127.0.0.1:8765", "[::1]:8765", "localhost"), lower case, or undefined. */
export function hostNameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const m = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9.-]+))(?::(\d{1,5}))?$/i.exec(hostHeader.trim());
  if (!m) return undefined;
  return (m[1] ?? m[2] ?? '').toLowerCase().replace(/\.$/, '');
}

export function hostAllowed(hostHeader: string | undefined, list: HostAllowList): boolean {
  const name = hostNameOf(hostHeader);
  if (name === undefined) return false;
  return isLoopbackHost(name) || list.hosts.includes(name);
}

/** No Origin (a CLI, an SDK client) is fine; a browser's Origin must be loopback or listed. */
export function originAllowed(origin: string | undefined, list: HostAllowList): boolean {
  if (origin === undefined) return true;
  if (list.origins.includes(origin.toLowerCase())) return true;
  try {
    return isLoopbackHost(new URL(origin).hostname.replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
}

/** From --allowed-host values: bare names, lower case; a value with a scheme is an origin. */
export function parseAllowList(values: readonly string[]): HostAllowList {
  const hosts: string[] = [];
  const origins: string[] = [];
  for (const raw of values) {
    const value = raw.trim().toLowerCase();
    if (/^https?:\/\//.test(value)) origins.push(new URL(value).origin);
    else {
      const name = hostNameOf(value);
      if (!name) throw new Error(`--allowed-host: cannot read "${raw}"; give a host name like mcp.example.com`);
      hosts.push(name);
    }
  }
  return { hosts, origins };
}
