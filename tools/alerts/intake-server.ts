// HTTP(S) endpoint for Alertmanager webhooks: authenticate, bound the body, validate, normalise,
// persist (group commit), then tell the bot which units changed so it can evaluate them at once.
// 400 malformed JSON or schema (with the reason), 401 credentials, 413 body too large, 404/405 elsewhere.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { WorkUnitId } from '../../analytics/types.js';
import type { AlertStore, ApplyOutcome } from './alert-store.js';
import { GroupCommit } from './group-commit.js';
import { checkIntakeBind, type IntakeTls } from './listen-security.js';
import { checkAuth, type WebhookAuth } from './webhook-auth.js';
import { type AlertEvent, type LabelMapping, normaliseAlerts, webhookPayloadSchema } from './webhook-payload.js';

export interface AlertIntakeOptions {
  store: AlertStore;
  auth: WebhookAuth;
  mapping: LabelMapping;
  path: string;
  maxBodyBytes: number;
  now?: () => number;
  /** Serve HTTPS with these; required for a non-loopback host unless allowPlaintext. */
  tls?: IntakeTls;
  allowPlaintext?: boolean;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export interface AlertIntakeServer {
  url: string;
  close(): Promise<void>;
}

type Listener = (workUnit: WorkUnitId, event: AlertEvent) => unknown;
type Reply = (status: number, body: Record<string, unknown>) => void;

export class AlertIntake {
  private readonly listeners: Listener[] = [];
  private readonly now: () => number;
  private readonly commits: GroupCommit;

  constructor(private readonly options: AlertIntakeOptions) {
    this.now = options.now ?? Date.now;
    this.commits = new GroupCommit(options.store, this.now);
  }

  /** Called once per unit whose alert state changed (a new firing alert or a resolution), after it is stored. */
  onAlert(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Transactions written so far (a burst shares them). */
  get commitCount(): number {
    return this.commits.batches;
  }

  async listen(host: string, port: number): Promise<AlertIntakeServer> {
    const { tls, allowPlaintext = false } = this.options;
    checkIntakeBind(host, tls, allowPlaintext);
    const requestTimeout = this.options.requestTimeoutMs ?? 10_000;
    const timeouts = {
      requestTimeout,
      headersTimeout: Math.min(this.options.headersTimeoutMs ?? 5_000, requestTimeout),
      // Node checks both only this often (30 s by default): a stalled client would outlive them.
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(requestTimeout / 4))),
      keepAliveTimeout: 5_000,
    };
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => this.handle(req, res);
    const server = tls
      ? https.createServer({ ...timeouts, cert: tls.cert, key: tls.key }, handler)
      : http.createServer(timeouts, handler);
    // Settings Node reads from the server object rather than the constructor options.
    server.requestTimeout = timeouts.requestTimeout;
    server.headersTimeout = timeouts.headersTimeout;
    server.keepAliveTimeout = timeouts.keepAliveTimeout;
    server.listen(port, host);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return {
      url: `${tls ? 'https' : 'http'}://${shownHost}:${address.port}${this.options.path}`,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const reply: Reply = (status, body) => {
      if (res.headersSent) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    /** Refuses and drops the connection: the rest of the body is never read. */
    const refuse: Reply = (status, body) => {
      if (res.headersSent) return;
      res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify(body), () => req.socket.destroy());
    };
    const path = (req.url ?? '').split('?')[0];
    if (path !== this.options.path)
      return refuse(404, { error: `no such endpoint; post alerts to ${this.options.path}` });
    if (req.method !== 'POST') return refuse(405, { error: 'use POST' });
    const limit = this.options.maxBodyBytes;
    const declared = Number(req.headers['content-length']);
    if (declared > limit) return refuse(413, { error: `body of ${declared} bytes exceeds the limit of ${limit}` });
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        req.pause();
        refuse(413, { error: `body exceeds the limit of ${limit} bytes` });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) void this.accept(req, Buffer.concat(chunks), reply);
    });
    req.on('error', () => refuse(400, { error: 'request body could not be read' }));
  }

  private async accept(req: http.IncomingMessage, body: Buffer, reply: Reply) {
    const denied = checkAuth(this.options.auth, req.headers, body);
    if (denied) return reply(401, { error: denied });
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch (err) {
      return reply(400, { error: `malformed JSON: ${(err as Error).message}` });
    }
    const parsed = webhookPayloadSchema.safeParse(json);
    if (!parsed.success) {
      const reasons = parsed.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      return reply(400, { error: 'not an Alertmanager webhook (version 4)', reasons });
    }
    const { events, ignored } = normaliseAlerts(parsed.data, this.options.mapping);
    let outcomes: ApplyOutcome[];
    try {
      outcomes = await this.commits.apply(events);
    } catch (err) {
      // Not stored, so not acknowledged: Alertmanager retries on 5xx.
      return reply(503, { error: `alert store unavailable: ${(err as Error).message}` });
    }
    reply(200, { accepted: events.length, ignored });
    this.notify(events, outcomes);
  }

  private notify(events: readonly AlertEvent[], outcomes: readonly ApplyOutcome[]) {
    const changed = new Map<WorkUnitId, AlertEvent>();
    events.forEach((e, i) => {
      if (outcomes[i] === 'new' || outcomes[i] === 'changed') changed.set(e.workUnit, e);
    });
    for (const [unit, event] of changed) {
      for (const listener of this.listeners) {
        // A failing listener must not affect the intake; the scheduled poll still sees the alert.
        try {
          Promise.resolve(listener(unit, event)).catch(() => {});
        } catch {
          // synchronous throw: same as above
        }
      }
    }
  }
}
