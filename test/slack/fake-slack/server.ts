import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** A small local fake of Slack's side: the Web API over HTTP and Socket Mode over ws, on 127.0.0.1. */

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  atMs: number;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  threadTs?: string;
  user: string;
  updates: number;
}

export interface Fault {
  status: number;
  retryAfterSeconds?: number;
  /** Slack's error code in the body; with status 200 a Web API error such as cant_update_message (not retried). */
  error?: string;
}

export interface Upload {
  fileId: string;
  bytes: Buffer;
  filename: string;
  length: number;
}

/** A file shared by files.completeUploadExternal, with what was uploaded for it. */
export interface FileShare {
  fileId: string;
  title: string | undefined;
  channel: string | undefined;
  threadTs: string | undefined;
  comment: string | undefined;
  filename: string;
  bytes: Buffer;
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  readonly uploads = new Map<string, Upload>();
  readonly shares: FileShare[] = [];
  readonly views: { view: Record<string, unknown>; triggerId: string }[] = [];
  readonly userGroups = new Map<string, string[]>();
  readonly botUserId = 'UBOT0001';
  private readonly faults = new Map<string, Fault[]>();
  private readonly delays = new Map<string, number[]>();
  private server!: Server;
  private wss!: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private pendingAcks = new Map<string, (payload: unknown) => void>();
  private tsCounter = 1_700_000_000_000;
  private fileCounter = 1;
  port = 0;
  connections = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/socket' });
    this.wss.on('connection', (ws) => {
      this.connections++;
      this.sockets.add(ws);
      ws.on('close', () => this.sockets.delete(ws));
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (msg.envelope_id) this.pendingAcks.get(msg.envelope_id)?.(msg.payload ?? null);
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'fake' },
          connection_info: { app_id: 'A1' },
        }),
      );
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * The next calls of `method` fail with these HTTP statuses (429 with Retry-After, 5xx), in order;
   * `{ status: 200, error: 'cant_update_message' }` is an API error answered with ok: false.
   */
  failNext(method: string, ...faults: Fault[]): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...faults]);
  }

  /** The next calls of `method` are answered normally, each after waiting this many ms. */
  slowNext(method: string, ...delaysMs: number[]): void {
    this.delays.set(method, [...(this.delays.get(method) ?? []), ...delaysMs]);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages posted by the bot (not thread replies unless asked), newest last. */
  posts(channel?: string): FakeMessage[] {
    return this.messages.filter((m) => m.user === this.botUserId && (!channel || m.channel === channel));
  }

  /**
   * Sends a Socket Mode envelope and resolves with the app's ack payload. Like Slack, it waits (up
   * to 5 s) for a connection when the app is between connections, e.g. reconnecting after a missed
   * ping while it was busy rendering a report.
   */
  async send(
    type: 'slash_commands' | 'interactive' | 'events_api',
    payload: Record<string, unknown>,
  ): Promise<unknown> {
    const ws = await this.waitFor(
      () => [...this.sockets].filter((s) => s.readyState === s.OPEN).at(-1),
      5000,
      'a Socket Mode connection',
    );
    const envelopeId = randomUUID();
    const acked = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${type} within 5 s`)), 5000);
      this.pendingAcks.set(envelopeId, (p) => {
        clearTimeout(timer);
        this.pendingAcks.delete(envelopeId);
        resolve(p);
      });
    });
    const envelope = { envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' };
    const extra = type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {};
    ws.send(JSON.stringify({ ...envelope, ...extra }));
    return acked;
  }

  /** Asks every Socket Mode client to reconnect, as Slack does when it rotates connections. */
  requestReconnect(): void {
    for (const ws of this.sockets) ws.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested' }));
  }

  /** A message from a user (for threads); also how the app's events see it. */
  addUserMessage(channel: string, user: string, text: string, threadTs?: string): FakeMessage {
    const m: FakeMessage = { channel, ts: this.nextTs(), text, blocks: [], user, updates: 0 };
    if (threadTs) m.threadTs = threadTs;
    this.messages.push(m);
    return m;
  }

  /** Resolves when `predicate` holds, polling every 10 ms. */
  async waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
    const start = Date.now();
    for (;;) {
      const v = predicate();
      if (v) return v;
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `${Math.floor(this.tsCounter / 1e6)}.${String(this.tsCounter % 1e6).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname.startsWith('/upload/')) {
      const fileId = url.pathname.slice('/upload/'.length);
      const entry = this.uploads.get(fileId);
      if (!entry) return send(404, { ok: false });
      const form = await new Request('http://x', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body: raw,
      })
        .formData()
        .catch(() => null);
      const part = form?.get('body') ?? form?.get('file');
      entry.bytes = part && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : raw;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('OK - ' + entry.bytes.length);
      return;
    }
    if (url.pathname.startsWith('/response/')) {
      this.responses.push({ id: url.pathname.slice('/response/'.length), body: JSON.parse(raw.toString() || '{}') });
      return send(200, { ok: true });
    }
    if (!url.pathname.startsWith('/api/')) return send(404, { ok: false, error: 'not_found' });
    const method = url.pathname.slice('/api/'.length);
    const args = await parseBody(req.headers['content-type'] ?? '', raw);
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? (args.token as string | undefined);
    this.calls.push({ method, args, token, atMs: Date.now() });
    const delay = this.delays.get(method)?.shift();
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const fault = this.faults.get(method)?.shift();
    if (fault) {
      const headers: Record<string, string> =
        fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      const error = fault.error ?? (fault.status === 429 ? 'ratelimited' : 'fatal_error');
      return send(fault.status, { ok: false, error }, headers);
    }
    send(200, this.answer(method, args));
  }

  private answer(method: string, a: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack/',
          team: 'Fake',
          user: 'headroom',
          team_id: 'T1',
          user_id: this.botUserId,
          bot_id: 'B1',
        };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket` };
      case 'chat.postMessage': {
        const m: FakeMessage = {
          channel: String(a.channel),
          ts: this.nextTs(),
          text: String(a.text ?? ''),
          blocks: jsonField(a.blocks) as unknown[],
          user: this.botUserId,
          updates: 0,
        };
        if (a.thread_ts) m.threadTs = String(a.thread_ts);
        this.messages.push(m);
        return { ok: true, channel: m.channel, ts: m.ts, message: { text: m.text, ts: m.ts } };
      }
      case 'chat.update': {
        const m = this.messages.find((x) => x.channel === a.channel && x.ts === a.ts);
        if (!m) return { ok: false, error: 'message_not_found' };
        m.text = String(a.text ?? '');
        m.blocks = jsonField(a.blocks) as unknown[];
        m.updates++;
        return { ok: true, channel: m.channel, ts: m.ts };
      }
      case 'chat.delete': {
        const at = this.messages.findIndex((x) => x.channel === a.channel && x.ts === a.ts);
        if (at < 0) return { ok: false, error: 'message_not_found' };
        this.messages.splice(at, 1);
        return { ok: true, channel: a.channel, ts: a.ts };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'views.open':
        this.views.push({ view: jsonField(a.view) as Record<string, unknown>, triggerId: String(a.trigger_id) });
        return { ok: true, view: { id: `V${this.views.length}` } };
      case 'conversations.replies': {
        // as Slack: channel and ts are required; ts names a thread's parent or one of its replies
        if (!a.channel || !a.ts) return { ok: false, error: 'invalid_arguments' };
        const m = this.messages.find((x) => x.channel === a.channel && x.ts === a.ts);
        if (!m) return { ok: false, error: 'thread_not_found' };
        const rootTs = m.threadTs ?? m.ts;
        const thread = this.messages.filter(
          (x) => x.channel === a.channel && (x.ts === rootTs || x.threadTs === rootTs),
        );
        return {
          ok: true,
          has_more: false,
          messages: thread.map((x) => ({
            type: 'message',
            user: x.user,
            text: x.text,
            ts: x.ts,
            ...(x.threadTs ? { thread_ts: x.threadTs } : { thread_ts: x.ts }),
          })),
        };
      }
      case 'usergroups.users.list':
        return { ok: true, users: this.userGroups.get(String(a.usergroup)) ?? [] };
      case 'files.getUploadURLExternal': {
        const fileId = `F${this.fileCounter++}`;
        this.uploads.set(fileId, {
          fileId,
          bytes: Buffer.alloc(0),
          filename: String(a.filename),
          length: Number(a.length),
        });
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        // as Slack does: only files whose bytes arrived, in full, can be completed; a thread needs its channel
        const files = jsonField(a.files) as { id: string; title?: string }[];
        if (!Array.isArray(files) || files.length === 0) return { ok: false, error: 'invalid_arguments' };
        for (const f of files) {
          const upload = this.uploads.get(f.id);
          if (!upload) return { ok: false, error: 'file_not_found' };
          if (upload.bytes.length === 0 || upload.bytes.length !== upload.length)
            return { ok: false, error: 'file_upload_size_mismatch' };
        }
        if (a.thread_ts && !a.channel_id) return { ok: false, error: 'invalid_arguments' };
        for (const f of files) {
          const upload = this.uploads.get(f.id)!;
          this.shares.push({
            fileId: f.id,
            title: f.title,
            channel: a.channel_id ? String(a.channel_id) : undefined,
            threadTs: a.thread_ts ? String(a.thread_ts) : undefined,
            comment: a.initial_comment ? String(a.initial_comment) : undefined,
            filename: upload.filename,
            bytes: upload.bytes,
          });
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

async function parseBody(contentType: string, raw: Buffer): Promise<Record<string, unknown>> {
  if (raw.length === 0) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw.toString()) as Record<string, unknown>;
  if (contentType.includes('multipart/form-data')) {
    const form = await new Request('http://x', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: raw,
    }).formData();
    const out: Record<string, unknown> = {};
    form.forEach((v, k) => {
      out[k] = typeof v === 'string' ? v : '[file]';
    });
    return out;
  }
  return Object.fromEntries(new URLSearchParams(raw.toString()));
}

function jsonField(v: unknown): unknown {
  if (typeof v !== 'string') return v ?? [];
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
