// Who may post alerts: a bearer token (Alertmanager's http_config.authorization) or an HMAC of the
// raw body (X-Headroom-Signature: sha256=<hex>), for senders behind a signing proxy. Both compare
// in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type WebhookAuth = { kind: 'bearer'; token: string } | { kind: 'hmac'; secret: string };

export const SIGNATURE_HEADER = 'x-headroom-signature';

export function signBody(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** undefined when the request is authentic; otherwise why not (for the 401 body, never naming the secret). */
export function checkAuth(auth: WebhookAuth, headers: IncomingHttpHeaders, body: Buffer): string | undefined {
  if (auth.kind === 'bearer') {
    const header = headers.authorization;
    if (!header) return 'missing Authorization header';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) return 'Authorization is not a bearer token';
    return safeEqual(match[1]!.trim(), auth.token) ? undefined : 'wrong bearer token';
  }
  const header = headers[SIGNATURE_HEADER];
  if (typeof header !== 'string') return `missing ${SIGNATURE_HEADER} header`;
  return safeEqual(header.trim().toLowerCase(), signBody(auth.secret, body)) ? undefined : 'signature does not match';
}

function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // timingSafeEqual needs equal lengths; compare against itself to spend the same time, then fail.
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}
