import { existsSync } from 'node:fs';
import { HeadroomError } from '../../../analytics/errors.js';
import { storePath } from '../../app/store-path.js';
import { auditKeyringFromEnv, type FileAuditVerification, verifyAuditFile } from '../../store/index.js';
import type { CliCommand } from '../command.js';
import { parseCommandArgs } from '../options.js';

export const auditVerifyCommand: CliCommand = {
  name: 'audit verify',
  summary: 'check the audit log: hash chain, HMAC keys and anchors',
  help: `Usage: headroom audit verify [--db FILE] [--anchor-file FILE] [--expect SEQ:HASH] [--allow-unkeyed-prefix] [--json]

Walks every audit entry, reading the store without changing it, and says which guarantees held:

  chain    each entry links to the previous one and matches its hash (edits, gaps, insertions)
  keys     each keyed entry's HMAC-SHA256 checks with its key id: someone holding only the
           database file cannot re-sign an edited chain. Keys come from HEADROOM_AUDIT_KEY or
           HEADROOM_AUDIT_KEY_FILE (lines "ID:SECRET", the last one current), as for headroom start
  anchor   every entry recorded in the anchor file is still there with that hash: catches entries
           removed from the end, and a chain re-signed by someone who also holds the key

Exits 0 when everything checked holds, 1 naming the first entry or anchor that does not.

  --anchor-file FILE  the append-only anchor file (default: $HEADROOM_AUDIT_ANCHOR_FILE)
  --expect SEQ:HASH   also check that entry SEQ is still there with this hash
  --allow-unkeyed-prefix
                      with a key set, accept plain SHA-256 entries before the first keyed one
                      (a store written before the key was configured); else they fail
  --db FILE|URL       SQLite store, or a postgres:// URL (default: $HEADROOM_DB or ./data/headroom.db)
See docs/threat-model.md.`,
  async run(ctx) {
    const { values } = parseCommandArgs(
      ctx.argv,
      {
        expect: { type: 'string' },
        'anchor-file': { type: 'string' },
        'allow-unkeyed-prefix': { type: 'boolean', default: false },
      },
      false,
    );
    const path = storePath(values.db, ctx.env, ctx.cwd);
    if (path === ':memory:' || (!/^postgres(ql)?:\/\//i.test(path) && !existsSync(path))) {
      throw new HeadroomError('INPUT_INVALID', `no store at ${path}; pass --db FILE or set HEADROOM_DB`);
    }
    const expected = values.expect === undefined ? undefined : parseExpected(values.expect);
    const anchorFile = values['anchor-file'] ?? (ctx.env.HEADROOM_AUDIT_ANCHOR_FILE?.trim() || undefined);
    const keys = auditKeyringFromEnv(ctx.env);
    const result = verifyAuditFile(path, {
      ...(expected ? { expected } : {}),
      ...(anchorFile ? { anchorFile } : {}),
      keys,
      allowUnkeyedPrefix: values['allow-unkeyed-prefix'],
    });
    const holds = result.ok && (result.expected?.found ?? true) && (result.anchor?.ok ?? true);
    if (values.json) ctx.stdout.write(`${JSON.stringify(result)}\n`);
    else ctx.stdout.write(describe(result, keys.keys.size > 0));
    return holds ? 0 : 1;
  },
};

function describe(r: FileAuditVerification, haveKeys: boolean): string {
  const lines: string[] = [];
  if (!r.ok) {
    lines.push(`audit log BROKEN at entry ${r.firstBadSeq}: ${r.reason} (${r.count} entries verified before it)`);
  } else {
    const newest = r.newest ? `; newest entry ${r.newest.seq}:${r.newest.hash}` : '';
    lines.push(`audit log ok: ${r.count} entries verified${newest}`);
  }
  const g = r.guarantees;
  lines.push(`  chain:  ${r.ok ? 'intact' : 'BROKEN'}`);
  if (g.keyed > 0) lines.push(`  keys:   ${g.keyed} entries HMAC-verified (key ids ${g.keyIds.join(', ')})`);
  if (g.unverifiable > 0)
    lines.push(
      `  keys:   ${g.unverifiable} keyed entries NOT authenticated: ${haveKeys ? 'their key id is not configured' : 'no key configured (set HEADROOM_AUDIT_KEY or HEADROOM_AUDIT_KEY_FILE)'}; only their links were checked`,
    );
  if (g.unkeyed > 0)
    lines.push(
      `  keys:   ${g.unkeyed} entries unkeyed (plain SHA-256, written before a key was set): anyone can recompute them`,
    );
  if (r.anchor?.ok)
    lines.push(
      `  anchor: ${r.anchor.anchors} anchors hold, newest entry ${r.anchor.newestAnchoredSeq} (${r.anchor.file})`,
    );
  else if (r.anchor) lines.push(`  anchor: BROKEN at entry ${r.anchor.seq}: ${r.anchor.reason}`);
  else lines.push('  anchor: none given (--anchor-file): entries removed from the end would not show');
  if (r.expected && !r.expected.found)
    lines.push(
      `audit log TRUNCATED or rewritten: entry ${r.expected.seq} with hash ${r.expected.hash} is not in the log`,
    );
  return `${lines.join('\n')}\n`;
}

function parseExpected(text: string): { seq: number; hash: string } {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!m)
    throw new HeadroomError(
      'USAGE',
      `--expect must be SEQ:HASH as printed by audit verify (e.g. 27:3f9a…), not "${text}"`,
    );
  return { seq: Number(m[1]), hash: m[2]! };
}
