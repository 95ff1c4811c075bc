import { isIP } from 'node:net';
import { HeadroomError } from '../../analytics/errors.js';

export interface ListenAddress {
  host: string;
  port: number;
}

/** "127.0.0.1:8765", "[::1]:8765", "localhost:8765" or a bare port (on 127.0.0.1); port 0 picks a free one. */
export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text) ?? /^()()(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || port > 65_535) {
    throw new HeadroomError('USAGE', `--http: cannot read "${text}"; use HOST:PORT like 127.0.0.1:8765`);
  }
  return { host: match[1] || match[2] || '127.0.0.1', port };
}

/** Loopback only: 127.0.0.0/8, ::1 and localhost. 0.0.0.0 and :: listen on every interface, so they are not. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** The address, refused when it is not loopback unless the operator said --allow-remote. */
export function checkListenAddress(address: ListenAddress, allowRemote: boolean): ListenAddress {
  if (!isLoopbackHost(address.host) && !allowRemote) {
    throw new HeadroomError(
      'USAGE',
      `--http ${address.host}: not a loopback address. The MCP server listens on 127.0.0.1 by default; ` +
        'to serve other hosts add --allow-remote (and put TLS in front of it: the bearer token travels in clear)',
    );
  }
  return address;
}
