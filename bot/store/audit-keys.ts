import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { HeadroomError } from '../../analytics/errors.js';

/** key_id of entries hashed with plain SHA-256 (no key): entries written before a key was configured. */
export const UNKEYED = 'sha256';
const MIN_KEY_CHARS = 32;

/**
 * The audit chain's HMAC keys, by id. `current` signs new entries; the others only verify older
 * ones, so a key can rotate without re-signing history. Keys come from the environment or a file,
 * never from the store: whoever holds only the database file cannot recompute the chain.
 */
export interface AuditKeyring {
  current: string | undefined;
  keys: ReadonlyMap<string, Buffer>;
}

export const NO_AUDIT_KEYS: AuditKeyring = { current: undefined, keys: new Map() };

/** A key's id when none is given: a short digest of the key (reveals nothing usable about it). */
export function defaultKeyId(secret: string): string {
  return `k${createHash('sha256').update(`headroom-audit-key-id:${secret}`).digest('hex').slice(0, 8)}`;
}

/**
 * HEADROOM_AUDIT_KEY_FILE: one key per line, "ID:SECRET" or just "SECRET"; the last line is the
 * current key, earlier ones verify older entries. Else HEADROOM_AUDIT_KEY (with HEADROOM_AUDIT_KEY_ID).
 * Neither set: no key (entries are plain SHA-256, which anyone can recompute).
 */
export function auditKeyringFromEnv(env: Readonly<Record<string, string | undefined>>): AuditKeyring {
  const file = env.HEADROOM_AUDIT_KEY_FILE?.trim();
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new HeadroomError(
        'CONFIG_INVALID',
        `HEADROOM_AUDIT_KEY_FILE: cannot read ${file} (${(err as Error).message})`,
      );
    }
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    if (lines.length === 0) throw new HeadroomError('CONFIG_INVALID', `HEADROOM_AUDIT_KEY_FILE: ${file} holds no key`);
    return keyring(lines.map((line, i) => parseKeyLine(line, `${file} line ${i + 1}`)));
  }
  const secret = env.HEADROOM_AUDIT_KEY?.trim();
  if (!secret) return NO_AUDIT_KEYS;
  return keyring([
    { id: env.HEADROOM_AUDIT_KEY_ID?.trim() || defaultKeyId(secret), secret, where: 'HEADROOM_AUDIT_KEY' },
  ]);
}

function parseKeyLine(line: string, where: string): { id: string; secret: string; where: string } {
  const m = /^([A-Za-z0-9_.-]{1,40}):(.+)$/.exec(line);
  return m ? { id: m[1]!, secret: m[2]!, where } : { id: defaultKeyId(line), secret: line, where };
}

function keyring(entries: { id: string; secret: string; where: string }[]): AuditKeyring {
  const keys = new Map<string, Buffer>();
  for (const e of entries) {
    if (e.secret.length < MIN_KEY_CHARS)
      throw new HeadroomError(
        'CONFIG_INVALID',
        `audit key in ${e.where} is ${e.secret.length} characters; use at least ${MIN_KEY_CHARS} (e.g. openssl rand -hex 32)`,
      );
    if (e.id === UNKEYED)
      throw new HeadroomError('CONFIG_INVALID', `audit key id "${UNKEYED}" is reserved (${e.where})`);
    keys.set(e.id, Buffer.from(e.secret, 'utf8'));
  }
  return { current: entries.at(-1)!.id, keys };
}
