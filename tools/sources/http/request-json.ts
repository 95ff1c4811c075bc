// JSON over HTTP for the evidence backends: one deadline for the whole exchange, a byte cap that
// stops reading (the socket is destroyed, so a huge reply is never buffered whole), and failures
// as values. GET or POST with a JSON body; node:http so no extra dependency.
import http from 'node:http';
import https from 'node:https';

export interface BackendConnection {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:3100 */
  baseUrl: string;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Auth and tenant headers (secrets resolved already; never logged). */
  headers: Record<string, string>;
}

export interface JsonRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

export type JsonReply =
  | { ok: true; status: number; body: unknown }
  | { ok: false; status?: number; error: string; kind: 'timeout' | 'network' | 'http' | 'malformed' | 'too-large' };

export function describeRequest(backend: string, req: JsonRequest): string {
  return `${backend} ${req.method} ${req.path}`;
}

export function requestJson(conn: BackendConnection, req: JsonRequest): Promise<JsonReply> {
  const url = new URL(conn.baseUrl.replace(/\/+$/, '') + req.path);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
  const transport = url.protocol === 'https:' ? https : http;
  const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
  return new Promise((resolve) => {
    let settled = false;
    const finish = (reply: JsonReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(reply);
    };
    const request = transport.request(
      url,
      {
        method: req.method,
        headers: {
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          ...conn.headers,
        },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > conn.maxResponseBytes) {
            finish({
              ok: false,
              kind: 'too-large',
              status: res.statusCode,
              error: `reply larger than ${conn.maxResponseBytes} bytes; stopped reading`,
            });
            request.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (err) => finish({ ok: false, kind: 'network', error: err.message }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            finish({ ok: false, kind: 'http', status, error: `HTTP ${status}: ${snippet(text)}` });
            return;
          }
          try {
            finish({ ok: true, status, body: JSON.parse(text) });
          } catch {
            finish({
              ok: false,
              kind: 'malformed',
              status,
              error: `HTTP ${status}, reply is not JSON: ${snippet(text)}`,
            });
          }
        });
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, kind: 'timeout', error: `no complete answer within ${conn.timeoutMs} ms` });
      request.destroy();
    }, conn.timeoutMs);
    request.on('error', (err) => finish({ ok: false, kind: 'network', error: err.message }));
    request.end(payload);
  });
}

function snippet(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine || '(empty body)';
}
