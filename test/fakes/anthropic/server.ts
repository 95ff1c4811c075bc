import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { streamReply } from './sse.js';
import type { RecordedRequest, Reply, Responder, Step } from './types.js';

export type { RecordedRequest, Reply, Responder, Step } from './types.js';

/**
 * A local fake of the Anthropic Messages API on 127.0.0.1 for the real SDK: SSE streaming in the
 * API's event format, scripted replies, error injection, a simulated prompt cache, count_tokens,
 * and a record of every request body.
 */
export class FakeAnthropic {
  readonly requests: RecordedRequest[] = [];
  /** Every request to /v1/messages, including those answered with an error. */
  messageRequests = 0;
  /** When true, /v1/messages/count_tokens answers 500 (the client must cope without a count). */
  failCountTokens = false;
  private steps: Step[] = [];
  private responder: Responder | undefined;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly cachedPrefixes = new Set<string>();
  private counter = 0;

  /** With apiKey set, requests must carry it (Bearer or x-api-key). */
  constructor(private readonly opts: { apiKey?: string } = {}) {}

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('FakeAnthropic not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** The steps the next requests get, in order (replacing what was left). */
  script(steps: Step[]): this {
    this.steps = [...steps];
    this.responder = undefined;
    return this;
  }

  /** A function decides each reply from the request (e.g. a model that obeys what it reads). */
  respond(responder: Responder): this {
    this.responder = responder;
    this.steps = [];
    return this;
  }

  remaining(): number {
    return this.steps.length;
  }

  /** Bodies of the /v1/messages requests. */
  bodies(): Record<string, unknown>[] {
    return this.requests.filter((r) => r.path === '/v1/messages').map((r) => r.body);
  }

  reset(): void {
    this.requests.length = 0;
    this.messageRequests = 0;
    this.steps = [];
    this.responder = undefined;
    this.failCountTokens = false;
    this.cachedPrefixes.clear();
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '').split('?')[0]!;
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return sendError(res, 400, 'invalid_request_error', 'body is not JSON');
    }
    const recorded: RecordedRequest = { path, headers: req.headers, body, raw };
    this.requests.push(recorded);
    if (!this.authorised(req)) return sendError(res, 401, 'authentication_error', 'invalid x-api-key');
    if (req.method !== 'POST') return sendError(res, 404, 'not_found_error', `no route ${req.method} ${path}`);
    if (path === '/v1/messages/count_tokens') {
      if (this.failCountTokens) return sendError(res, 500, 'api_error', 'count_tokens is failing (scripted)');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ input_tokens: estimate(JSON.stringify(body)) }));
      return;
    }
    if (path !== '/v1/messages') return sendError(res, 404, 'not_found_error', `no route ${path}`);
    const index = this.messageRequests++;
    const step = this.responder ? this.responder(recorded, index) : this.steps.shift();
    if (!step) return sendError(res, 500, 'api_error', `fake has no scripted reply for request #${index}`);
    await this.answer(res, req, step, body);
  }

  private async answer(
    res: ServerResponse,
    req: IncomingMessage,
    step: Step,
    body: Record<string, unknown>,
  ): Promise<void> {
    if (step.kind === 'error') {
      const headers: Record<string, string> = {};
      if (step.retryAfterSeconds !== undefined) headers['retry-after'] = String(step.retryAfterSeconds);
      return sendError(res, step.status, step.type, step.message ?? step.type, headers);
    }
    if (step.kind === 'slow') {
      await new Promise((r) => setTimeout(r, step.delayMs));
      // The request stream is done (and auto-destroyed) once read; what matters is whether the client is still connected.
      if (res.destroyed || req.socket.destroyed) return;
      return this.answer(res, req, step.reply, body);
    }
    this.reply(res, step, body);
  }

  private reply(res: ServerResponse, reply: Reply, body: Record<string, unknown>): void {
    const id = String(++this.counter).padStart(6, '0');
    const usage = this.usageFor(body, reply);
    streamReply(res, reply, String(body.model ?? 'claude-fake'), id, usage);
  }

  /**
   * Input tokens ≈ characters / 4. The system prompt and tools form the cached prefix when they
   * carry cache_control: written on first sight, read afterwards.
   */
  private usageFor(body: Record<string, unknown>, reply: Reply) {
    const prefix = JSON.stringify([body.system ?? null, body.tools ?? null]);
    const cacheable = prefix.includes('"cache_control"');
    const prefixTokens = estimate(prefix);
    const restTokens = estimate(JSON.stringify(body.messages ?? []));
    const key = createHash('sha256').update(prefix).digest('hex');
    let cache_creation_input_tokens = 0;
    let cache_read_input_tokens = 0;
    let input_tokens = restTokens;
    if (!cacheable) input_tokens += prefixTokens;
    else if (this.cachedPrefixes.has(key)) cache_read_input_tokens = prefixTokens;
    else {
      this.cachedPrefixes.add(key);
      cache_creation_input_tokens = prefixTokens;
    }
    const outputText = (reply.text ?? '') + JSON.stringify(reply.toolUses ?? []);
    return {
      input_tokens: reply.usage?.input_tokens ?? input_tokens,
      cache_creation_input_tokens,
      cache_read_input_tokens,
      output_tokens: reply.usage?.output_tokens ?? Math.max(1, estimate(outputText)),
    };
  }

  private authorised(req: IncomingMessage): boolean {
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const key = bearer ?? (req.headers['x-api-key'] as string | undefined);
    if (!key) return false;
    return this.opts.apiKey === undefined || key === this.opts.apiKey;
  }
}

function estimate(text: string): number {
  return Math.ceil(text.length / 4);
}

function sendError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_fake_error', ...headers });
  res.end(JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_fake_error' }));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}
