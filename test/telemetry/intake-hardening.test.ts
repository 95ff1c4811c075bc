// Findings of the security review against the webhook intake, over real sockets on 127.0.0.1:
// a plaintext bind on every interface, stalled connections, oversized bodies, and a burst.
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listenForAlerts } from '../../bot/app/alert-intake.js';
import { type AlertIntakeBundle, buildAlertIntake } from '../../tools/alerts/index.js';
import { alertIntakeSchema } from '../../tools/config/fleet-schema.js';
import { TestPki } from '../edge/pki.js';
import { post, webhookBody } from './helpers/alert-payloads.js';
import { fleet } from './helpers/contract-fixture.js';
import { freePort } from './helpers/processes.js';

const TOKEN = 'test-token-1234567890';
const bearer = { authorization: `Bearer ${TOKEN}` };
let dir: string;
const bundles: AlertIntakeBundle[] = [];
const closers: Array<() => Promise<void>> = [];

function bundle(extra: Record<string, unknown> = {}, listen: Record<string, unknown> = {}) {
  const config = alertIntakeSchema.parse({
    listen: { port: 0, ...listen },
    auth: { bearer: { env: 'INTAKE_TOKEN' } },
    database: path.join(dir, `alerts-${bundles.length}.db`),
    maxBodyBytes: 4096,
    ...extra,
  });
  const b = buildAlertIntake(config, fleet, { INTAKE_TOKEN: TOKEN });
  bundles.push(b);
  return b;
}

async function listen(b: AlertIntakeBundle, host = '127.0.0.1') {
  const server = await b.intake.listen(host, 0);
  closers.push(() => server.close());
  return server;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'headroom-intake-hard-'));
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const b of bundles.splice(0)) b.store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves with how long the server took to close a connection we leave stalled. */
function closedAfter(socket: Socket, limitMs: number): Promise<{ ms: number; data: string }> {
  const t0 = Date.now();
  let data = '';
  socket.on('data', (c) => {
    data += c.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${limitMs} ms`)), limitMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ms: Date.now() - t0, data });
    });
    socket.on('error', () => {});
  });
}

function rawSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), hostname, () => resolve(s));
    s.on('error', reject);
  });
}

describe('non-loopback bind', () => {
  const pki = new TestPki();
  let tls: { cert: string; key: string; ca: string };
  beforeAll(() => {
    const ca = pki.ca('intake-ca');
    const leaf = pki.leaf(ca, 'intake', ['localhost']);
    tls = { ...leaf, ca: ca.cert };
  });
  afterAll(() => pki.cleanup());

  it('refuses plain HTTP on every interface and names the two ways out', async () => {
    await expect(listen(bundle({}, { host: '0.0.0.0' }), '0.0.0.0')).rejects.toThrow(
      /not a loopback address.*listen\.tls.*allowPlaintext/s,
    );
  });

  it('binds in plain HTTP when the operator opts in', async () => {
    const server = await listen(bundle({}, { host: '0.0.0.0', allowPlaintext: true }), '0.0.0.0');
    expect(server.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/alertmanager$/);
  });

  it('serves HTTPS with a generated certificate, and a client that trusts its CA posts an alert', async () => {
    const b = bundle({}, { host: '0.0.0.0', tls: { cert: tls.cert, key: tls.key } });
    const server = await listen(b, '0.0.0.0');
    expect(server.url).toMatch(/^https:/);
    const { readFileSync } = await import('node:fs');
    const body = JSON.stringify(webhookBody([{ labels: { work_unit: 'eu-west-1' }, fingerprint: 'tls1' }]));
    const status = await new Promise<number>((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: Number(new URL(server.url).port),
          path: '/alertmanager',
          method: 'POST',
          servername: 'localhost',
          ca: readFileSync(tls.ca),
          headers: { 'content-type': 'application/json', ...bearer },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(200);
    expect(b.store.firing().map((a) => a.fingerprint)).toEqual(['tls1']);
  });
});

describe('stalled and oversized requests', () => {
  it('closes a connection that never finishes its headers, promptly after headersTimeoutMs', async () => {
    const server = await listen(bundle({ headersTimeoutMs: 300, requestTimeoutMs: 600 }));
    const socket = await rawSocket(server.url);
    socket.write('POST /alertmanager HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const { ms } = await closedAfter(socket, 3_000);
    expect(ms).toBeGreaterThanOrEqual(250);
  });

  it('closes a connection whose body stalls, after requestTimeoutMs', async () => {
    const server = await listen(bundle({ headersTimeoutMs: 300, requestTimeoutMs: 600 }));
    const socket = await rawSocket(server.url);
    socket.write(
      `POST /alertmanager HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: 100\r\n\r\n{"ver`,
    );
    const { data } = await closedAfter(socket, 3_000);
    expect(data).toMatch(/^HTTP\/1\.1 408/);
  });

  it('refuses a chunked body over the limit and drops the connection instead of reading the rest', async () => {
    const server = await listen(bundle());
    const socket = await rawSocket(server.url);
    const closed = closedAfter(socket, 3_000);
    socket.write(
      'POST /alertmanager HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const chunk = 'x'.repeat(2048);
    // 3 chunks pass the 4096-byte limit; the sender would go on for ever.
    for (let i = 0; i < 3; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    const { data } = await closed;
    expect(data).toMatch(/^HTTP\/1\.1 413/);
  });
});

describe('a burst of alerts', () => {
  it('stores every alert and coalesces evaluations instead of running one per alert', async () => {
    const port = await freePort();
    const b = bundle({}, { port });
    let polls = 0;
    const seenAtPoll: number[] = [];
    const stop = await listenForAlerts(
      b,
      async () => {
        polls++;
        await new Promise((r) => setTimeout(r, 20));
        seenAtPoll.push(b.store.firing().length);
      },
      () => {},
      (err) => {
        throw err;
      },
    );
    closers.push(stop);
    const ALERTS = 400;
    const CONCURRENCY = 50;
    const target = `http://127.0.0.1:${port}/alertmanager`;
    let next = 0;
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ALERTS) {
          const i = next++;
          const unit = fleet.workUnits[i % fleet.workUnits.length]!.id;
          const body = JSON.stringify(
            webhookBody([{ labels: { work_unit: unit, n: String(i) }, fingerprint: `b${i}` }]),
          );
          statuses.push((await post(target, body, bearer)).status);
        }
      }),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(ALERTS);
    expect(b.store.firing()).toHaveLength(ALERTS);
    expect(b.intake.commitCount).toBeLessThan(ALERTS);
    // let the last evaluation finish: it sees every alert
    await new Promise((r) => setTimeout(r, 200));
    expect(seenAtPoll.at(-1)).toBe(ALERTS);
    // back-to-back evaluations while the burst lasts (each 20 ms here), not one per alert
    expect(polls).toBeLessThan(ALERTS / 4);
  });
});
