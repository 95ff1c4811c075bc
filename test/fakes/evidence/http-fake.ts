// A tiny HTTP server on 127.0.0.1 (ephemeral port) for the evidence backends' fakes: records every
// request, checks the expected auth and tenant headers, and can misbehave on demand (slow, 5xx,
// malformed, a reply of any size streamed without holding it in memory).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Misbehaviour =
  | { kind: 'none' }
  | { kind: 'slow'; ms: number }
  | { kind: 'status'; status: number; body: string }
  | { kind: 'malformed' }
  | { kind: 'huge'; bytes: number };

export interface FakeReply {
  status: number;
  body: unknown;
  /** Plain text body (Loki answers errors in text). */
  text?: string;
}

export type FakeHandler = (req: RecordedRequest) => FakeReply;

export interface HttpFake {
  url: string;
  requests: RecordedRequest[];
  /** Bytes the fake wrote for the last "huge" reply before the client hung up. */
  hugeBytesWritten: number;
  misbehave(m: Misbehaviour): void;
  close(): Promise<void>;
}

export interface HttpFakeOptions {
  /** Headers every request must carry (e.g. authorization, x-scope-orgid); otherwise 401. */
  requireHeaders?: Record<string, string>;
}

export async function startHttpFake(handler: FakeHandler, options: HttpFakeOptions = {}): Promise<HttpFake> {
  let mode: Misbehaviour = { kind: 'none' };
  const requests: RecordedRequest[] = [];
  const fake: HttpFake = {
    url: '',
    requests,
    hugeBytesWritten: 0,
    misbehave: (m) => {
      mode = m;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      for (const [name, value] of Object.entries(options.requireHeaders ?? {})) {
        if (req.headers[name.toLowerCase()] !== value) {
          res.writeHead(401, { 'content-type': 'text/plain' }).end(`missing or wrong ${name}`);
          return;
        }
      }
      if (mode.kind === 'slow') {
        const timer = setTimeout(() => reply(res, handler(recorded)), mode.ms);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      if (mode.kind === 'status') {
        res.writeHead(mode.status, { 'content-type': 'text/plain' }).end(mode.body);
        return;
      }
      if (mode.kind === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success","data":{"resultType":');
        return;
      }
      if (mode.kind === 'huge') {
        streamHuge(res, mode.bytes, (n) => {
          fake.hugeBytesWritten = n;
        });
        return;
      }
      reply(res, handler(recorded));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

function reply(res: http.ServerResponse, r: FakeReply): void {
  if (r.text !== undefined) {
    res.writeHead(r.status, { 'content-type': 'text/plain' }).end(r.text);
    return;
  }
  res.writeHead(r.status, { 'content-type': 'application/json' }).end(JSON.stringify(r.body));
}

/** A valid-looking JSON reply of `bytes` bytes, written chunk by chunk as the client reads. */
function streamHuge(res: http.ServerResponse, bytes: number, progress: (written: number) => void): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.from(`${'"padding padding padding padding padding padding",'.repeat(1300)}`);
  let written = 0;
  res.write('{"status":"success","data":{"resultType":"streams","result":[],"padding":[');
  const pump = () => {
    while (written < bytes) {
      written += chunk.length;
      progress(written);
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end('""]}}');
  };
  res.on('close', () => progress(written));
  pump();
}

/** A port nothing listens on (closed right after binding). */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
