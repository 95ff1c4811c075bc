// The ops endpoints every `headroom start` serves (Slack or console): /healthz (the process is
// alive), /readyz (the store answers and the history is loaded; leader or follower, ready either
// way) and /metrics (Prometheus text). HEADROOM_OPS_LISTEN, 127.0.0.1:9464 by default; "off"
// serves none. Nothing here is secret, but it listens on loopback unless configured otherwise.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeadroomError } from '../../analytics/errors.js';
import { type ListenAddress, parseListenAddress } from '../mcp/listen-address.js';
import type { HeadroomMetrics } from './metrics.js';

export const DEFAULT_OPS_LISTEN = '127.0.0.1:9464';

export interface Readiness {
  ready: boolean;
  role: 'leader' | 'follower';
  store: 'ok' | 'unreachable';
  history: 'loaded' | 'loading';
  /** Set when another replica runs with a different fleet file. */
  fleetMismatch?: string;
}

export interface OpsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** HEADROOM_OPS_LISTEN as an address, or undefined for "off". */
export function opsListenFrom(env: Readonly<Record<string, string | undefined>>): ListenAddress | undefined {
  const raw = env.HEADROOM_OPS_LISTEN ?? DEFAULT_OPS_LISTEN;
  if (raw === 'off') return undefined;
  try {
    return parseListenAddress(raw);
  } catch {
    throw new HeadroomError(
      'CONFIG_INVALID',
      `HEADROOM_OPS_LISTEN: cannot read "${raw}"; use HOST:PORT like ${DEFAULT_OPS_LISTEN}, or off`,
    );
  }
}

export async function startOpsServer(input: {
  address: ListenAddress;
  metrics: HeadroomMetrics;
  readiness: () => Readiness;
}): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      const state = input.readiness();
      res.writeHead(state.ready ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify(state)}\n`);
    } else if (path === '/metrics') {
      input.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': input.metrics.registry.contentType }).end(text),
        (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${err.message}\n`),
      );
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: /healthz, /readyz, /metrics\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new HeadroomError(
          'CONFIG_INVALID',
          `ops endpoints cannot listen on ${input.address.host}:${input.address.port}: ${err.code ?? err.message} ` +
            '(set HEADROOM_OPS_LISTEN to another HOST:PORT, or off)',
        ),
      ),
    );
    server.listen(input.address.port, input.address.host, () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  const host = input.address.host.includes(':') ? `[${input.address.host}]` : input.address.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
