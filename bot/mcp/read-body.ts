import type { IncomingMessage } from 'node:http';

export type BodyRead = { kind: 'json'; value: unknown } | { kind: 'too_large' } | { kind: 'not_json' };

/** Reads a JSON body, giving up (and draining nothing more) once it passes the limit. */
export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return { kind: 'too_large' };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) return { kind: 'too_large' };
    chunks.push(chunk as Buffer);
  }
  try {
    return { kind: 'json', value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { kind: 'not_json' };
  }
}
