// The authenticated deployment webhook: POST <path>/github (GitHub's X-Hub-Signature-256 HMAC of
// the raw body) and POST <path>/argocd (a bearer token, as Argo CD's webhook service sends in a
// header). Bodies are bounded; accepted events are stored before the 200 goes out.
// 400 malformed (with the reason), 401 credentials, 404/405 elsewhere, 413 too large.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WorkUnitId } from '../../analytics/types.js';
import { checkAuth } from '../alerts/webhook-auth.js';
import type { DeployEvent } from '../sources/evidence.js';
import type { DeployStore } from './deploy-store.js';
import { fromArgoCd, fromGitHub, type Normalised } from './webhook-payloads.js';

export interface DeployIntakeOptions {
  store: DeployStore;
  path: string;
  maxBodyBytes: number;
  workUnits: readonly WorkUnitId[];
  /** GitHub environment → work unit (an environment equal to a unit id needs no entry). */
  environments: Readonly<Record<string, WorkUnitId>>;
  githubSecret?: string;
  argoCdToken?: string;
  /** Told of each stored event (e.g. to note a deploy in an open incident). */
  onDeploy?: (event: DeployEvent) => void;
}

export interface DeployIntakeServer {
  url: string;
  close(): Promise<void>;
}

export const GITHUB_SIGNATURE_HEADER = 'x-hub-signature-256';

export function githubSignature(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export async function listenForDeploys(
  options: DeployIntakeOptions,
  host: string,
  port: number,
): Promise<DeployIntakeServer> {
  const server = http.createServer((req, res) => handle(options, req, res));
  server.requestTimeout = 10_000;
  server.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}${options.path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function handle(options: DeployIntakeOptions, req: http.IncomingMessage, res: http.ServerResponse) {
  const reply = (status: number, body: Record<string, unknown>) => {
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify(body));
  };
  const path = (req.url ?? '').split('?')[0];
  const sender =
    path === `${options.path}/github` ? 'github' : path === `${options.path}/argocd` ? 'argocd' : undefined;
  if (!sender)
    return reply(404, { error: `no such endpoint; post to ${options.path}/github or ${options.path}/argocd` });
  if (req.method !== 'POST') return reply(405, { error: 'use POST' });
  if (sender === 'github' && !options.githubSecret)
    return reply(404, { error: 'GitHub deliveries are not configured' });
  if (sender === 'argocd' && !options.argoCdToken)
    return reply(404, { error: 'Argo CD notifications are not configured' });
  const limit = options.maxBodyBytes;
  if (Number(req.headers['content-length']) > limit) {
    reply(413, { error: `body exceeds the limit of ${limit} bytes` });
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
      req.resume();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (refused) return;
    const body = Buffer.concat(chunks);
    const authProblem =
      sender === 'github'
        ? checkAuth(
            { kind: 'hmac', secret: options.githubSecret! },
            { 'x-headroom-signature': req.headers[GITHUB_SIGNATURE_HEADER] },
            body,
          )?.replace('x-headroom-signature', GITHUB_SIGNATURE_HEADER)
        : checkAuth({ kind: 'bearer', token: options.argoCdToken! }, req.headers, body);
    if (authProblem) return reply(401, { error: authProblem });
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return reply(400, { error: 'body is not JSON' });
    }
    const known = (wu: string) => options.workUnits.includes(wu);
    const normalised: Normalised =
      sender === 'github'
        ? fromGitHub(
            header(req, 'x-github-event'),
            json,
            (env) => options.environments[env] ?? (known(env) ? env : undefined),
          )
        : fromArgoCd(json, known);
    if ('ignored' in normalised) return reply(202, { ignored: normalised.ignored });
    if ('problem' in normalised) return reply(400, { error: normalised.problem });
    const outcome = options.store.record(normalised.event, normalised.statusMs);
    if (outcome !== 'stale') options.onDeploy?.(normalised.event);
    reply(200, { id: normalised.event.id, outcome });
  });
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}
