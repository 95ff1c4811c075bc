// A local stand-in for the anomaly-detection API, with switchable misbehaviour.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Mode = 'ok' | 'slow' | 'fail' | 'malformed-json' | 'wrong-schema' | 'not-found';

export interface FakeAnomalyApi {
  url: string;
  mode: Mode;
  /** Fail this many requests with 503 before behaving as `mode`. */
  failFirst: number;
  hits: number;
  lastAuthorization?: string;
  states: Array<{ workUnit: string; anomalous: boolean; score: number; observedAt: string; reason?: string }>;
  close(): Promise<void>;
}

export async function startFakeAnomalyApi(slowMs = 1_000): Promise<FakeAnomalyApi> {
  const api: FakeAnomalyApi = {
    url: '',
    mode: 'ok',
    failFirst: 0,
    hits: 0,
    states: [],
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    api.hits++;
    api.lastAuthorization = req.headers.authorization;
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body);
    };
    if (api.failFirst > 0) {
      api.failFirst--;
      return send(503, '{"error":"warming up"}');
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const history = /^\/v1\/units\/([^/]+)\/history$/.exec(url.pathname);
    const body =
      url.pathname === '/v1/units/state'
        ? { units: api.states }
        : history
          ? {
              workUnit: decodeURIComponent(history[1]!),
              points: [{ at: url.searchParams.get('from'), score: 0.2, anomalous: false }],
            }
          : undefined;
    if (!body) return send(404, '{"error":"no such path"}');
    switch (api.mode) {
      case 'ok':
        return send(200, JSON.stringify(body));
      case 'slow':
        setTimeout(() => send(200, JSON.stringify(body)), slowMs);
        return;
      case 'fail':
        return send(500, '{"error":"internal"}');
      case 'malformed-json':
        return send(200, '{"units": [');
      case 'wrong-schema':
        return send(200, JSON.stringify({ units: [{ workUnit: 'eu-west-1', anomalous: 'yes' }] }));
      case 'not-found':
        return send(404, '{"error":"gone"}');
    }
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  api.url = `http://127.0.0.1:${port}`;
  api.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return api;
}
