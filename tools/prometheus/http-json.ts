// A small JSON-over-HTTP(S) GET with a hard deadline, auth headers and client TLS, on node:http so
// mutual TLS needs no extra dependency. Failures come back as values, never as throws.
import http from 'node:http';
import https from 'node:https';

export interface HttpTls {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
}

export interface HttpJsonOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
  tls?: HttpTls;
  /** Bodies larger than this are refused (protects the bot from a runaway response). */
  maxBytes?: number;
}

export type HttpJsonResult =
  | { ok: true; status: number; body: unknown; bytes: number }
  | { ok: false; status?: number; error: string; kind: 'timeout' | 'network' | 'http' | 'malformed' | 'too-large' };

const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

export function getJson(url: URL, options: HttpJsonOptions): Promise<HttpJsonResult> {
  const transport = url.protocol === 'https:' ? https : http;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: HttpJsonResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = transport.request(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json', ...options.headers },
        ...(url.protocol === 'https:' ? options.tls : {}),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > maxBytes) {
            finish({
              ok: false,
              kind: 'too-large',
              status: res.statusCode,
              error: `response exceeds ${maxBytes} bytes`,
            });
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (err) => finish({ ok: false, kind: 'network', error: err.message }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            const kind = status >= 200 && status < 300 ? 'malformed' : 'http';
            finish({ ok: false, kind, status, error: `HTTP ${status}, body is not JSON: ${snippet(text)}` });
            return;
          }
          if (status < 200 || status >= 300) {
            finish({ ok: false, kind: 'http', status, error: `HTTP ${status}: ${snippet(text)}` });
            return;
          }
          finish({ ok: true, status, body, bytes });
        });
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, kind: 'timeout', error: `no complete answer within ${options.timeoutMs} ms` });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (err) => finish({ ok: false, kind: 'network', error: err.message }));
    req.end();
  });
}

function snippet(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine || '(empty)';
}
