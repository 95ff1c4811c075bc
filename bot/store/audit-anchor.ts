import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { HeadroomError } from '../../analytics/errors.js';

/**
 * The newest audit entry, written outside the store (an append-only file on another volume or
 * host, a WORM bucket synced from it). Whoever rewrites the store and holds the key can re-sign
 * the chain, and truncation leaves a valid chain: neither can change what was anchored earlier.
 */
export interface AuditAnchor {
  seq: number;
  hash: string;
  keyId: string;
  atMs: number;
}

/** Appends one anchor line (JSON) and syncs it to disk. */
export function appendAnchor(file: string, anchor: AuditAnchor): void {
  appendFileSync(file, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function readAnchors(file: string): AuditAnchor[] {
  if (!existsSync(file)) throw new HeadroomError('INPUT_INVALID', `no anchor file at ${file}`);
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  return lines.map((line, i) => {
    let v: Partial<AuditAnchor>;
    try {
      v = JSON.parse(line) as Partial<AuditAnchor>;
    } catch {
      throw new HeadroomError('INPUT_INVALID', `${file} line ${i + 1}: not an anchor (JSON expected)`);
    }
    if (!Number.isInteger(v.seq) || typeof v.hash !== 'string' || !/^[0-9a-f]{64}$/.test(v.hash))
      throw new HeadroomError('INPUT_INVALID', `${file} line ${i + 1}: an anchor needs "seq" and a 64-hex "hash"`);
    return { seq: v.seq!, hash: v.hash, keyId: String(v.keyId ?? ''), atMs: Number(v.atMs ?? 0) };
  });
}

export type AnchorCheck =
  | { ok: true; anchors: number; newestAnchoredSeq: number }
  | { ok: false; anchors: number; seq: number; reason: string };

/** Every anchored entry must still be in the log with the anchored hash. */
export function checkAnchors(
  anchors: readonly AuditAnchor[],
  hashOf: (seq: number) => string | undefined,
): AnchorCheck {
  let newest = 0;
  for (const a of anchors) {
    const hash = hashOf(a.seq);
    if (hash === undefined)
      return {
        ok: false,
        anchors: anchors.length,
        seq: a.seq,
        reason: `anchored entry ${a.seq} is not in the log: entries were removed from the end`,
      };
    if (hash !== a.hash)
      return {
        ok: false,
        anchors: anchors.length,
        seq: a.seq,
        reason: `entry ${a.seq} no longer has its anchored hash: the chain was rewritten`,
      };
    newest = Math.max(newest, a.seq);
  }
  return { ok: true, anchors: anchors.length, newestAnchoredSeq: newest };
}
