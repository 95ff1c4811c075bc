// HTTP endpoint for Alertmanager webhooks: authenticate, bound the body, validate, normalise,
// persist, then tell the bot which units changed so it can evaluate them at once.
// 400 malformed JSON or schema (with the reason), 401 credentials, 413 body too large, 404/405 elsewhere.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WorkUnitId } from '../../analytics/types.js';
import type { AlertStore } from './alert-store.js';
import { checkAuth, type WebhookAuth } from './webhook-auth.js';
import { type AlertEvent, type LabelMapping, normaliseAlerts, webhookPayloadSchema } from './webhook-payload.js';

export interface AlertIntakeOptions {
  store: AlertStore;
  auth: WebhookAuth;
  mapping: LabelMapping;
  path: string;
  maxBodyBytes: number;
  now?: () => number;
}

export interface AlertIntakeServer {
  url: string;
  close(): Promise<void>;
}

type Listener = (workUnit: WorkUnitId, event: AlertEvent) => unknown;

export class AlertIntake {
  private readonly listeners: Listener[] = [];
  private readonly now: () => number;

  constructor(private readonly options: AlertIntakeOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Called once per unit whose alert state changed (a new firing alert or a resolution), after it is stored. */
  onAlert(listener: Listener): void {
    this.listeners.push(listener);
  }

  async listen(host: string, port: number): Promise<AlertIntakeServer> {
    const server = http.createServer((req, res) => this.handle(req, res));
    server.requestTimeout = 10_000;
    server.listen(port, host);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const address = server.address() as AddressInfo;
    return {
      url: `http://${address.address}:${address.port}${this.options.path}`,
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const reply = (status: number, body: Record<string, unknown>) => {
      if (res.headersSent) return;
      res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '').split('?')[0];
    if (path !== this.options.path)
      return reply(404, { error: `no such endpoint; post alerts to ${this.options.path}` });
    if (req.method !== 'POST') return reply(405, { error: 'use POST' });
    const limit = this.options.maxBodyBytes;
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      reply(413, { error: `body of ${declared} bytes exceeds the limit of ${limit}` });
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        reply(413, { error: `body exceeds the limit of ${limit} bytes` });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) this.accept(req, Buffer.concat(chunks), reply);
    });
    req.on('error', () => reply(400, { error: 'request body could not be read' }));
  }

  private accept(req: http.IncomingMessage, body: Buffer, reply: (s: number, b: Record<string, unknown>) => void) {
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
    let outcomes: ReturnType<AlertStore['apply']>;
    try {
      outcomes = this.options.store.apply(events, this.now());
    } catch (err) {
      // Not stored, so not acknowledged: Alertmanager retries on 5xx.
      return reply(503, { error: `alert store unavailable: ${(err as Error).message}` });
    }
    reply(200, { accepted: events.length, ignored });
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
