import { existsSync } from 'node:fs';
import { HeadroomError } from '../../../analytics/errors.js';
import { storePath } from '../../app/store-path.js';
import { anchorNewestEntry } from '../../store/anchor-newest.js';
import { isPostgresUrl } from '../../store/postgres/open.js';
import type { CliCommand } from '../command.js';
import { parseCommandArgs } from '../options.js';

export const auditAnchorCommand: CliCommand = {
  name: 'audit anchor',
  summary: 'append the newest audit entry to an anchor file kept outside the store',
  help: `Usage: headroom audit anchor [--db FILE] [--anchor-file FILE]

Appends the newest audit entry ({seq, hash, keyId, atMs}, one JSON line) to the anchor file and
syncs it. Keep that file where whoever can write the store cannot rewrite it (another host or
volume, an append-only file: chattr +a, a WORM bucket it is copied to). headroom start anchors
on its own every HEADROOM_AUDIT_ANCHOR_MINUTES (default 15) when HEADROOM_AUDIT_ANCHOR_FILE is
set; run this from cron for a store written by several replicas. Check with headroom audit verify.

  --anchor-file FILE  where to append (default: $HEADROOM_AUDIT_ANCHOR_FILE)
  --db FILE|URL       SQLite store, or a postgres:// URL (default: $HEADROOM_DB or ./data/headroom.db)`,
  async run(ctx) {
    const { values } = parseCommandArgs(ctx.argv, { 'anchor-file': { type: 'string' } }, false);
    const file = values['anchor-file'] ?? (ctx.env.HEADROOM_AUDIT_ANCHOR_FILE?.trim() || undefined);
    if (!file)
      throw new HeadroomError('USAGE', 'name the anchor file: --anchor-file FILE or HEADROOM_AUDIT_ANCHOR_FILE');
    const path = storePath(values.db, ctx.env, ctx.cwd);
    if (path === ':memory:' || (!isPostgresUrl(path) && !existsSync(path))) {
      throw new HeadroomError('INPUT_INVALID', `no store at ${path}; pass --db FILE or set HEADROOM_DB`);
    }
    const anchor = anchorNewestEntry(path, file, Date.now());
    if (values.json) ctx.stdout.write(`${JSON.stringify(anchor ?? null)}\n`);
    else if (!anchor) ctx.stdout.write('audit log is empty: nothing to anchor\n');
    else ctx.stdout.write(`anchored entry ${anchor.seq}:${anchor.hash} in ${file}\n`);
    return 0;
  },
};
