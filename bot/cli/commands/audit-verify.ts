import { existsSync } from 'node:fs';
import { HeadroomError } from '../../../analytics/errors.js';
import { storePath } from '../../app/store-path.js';
import { openStore } from '../../store/index.js';
import type { CliCommand } from '../command.js';
import { parseCommandArgs } from '../options.js';

export const auditVerifyCommand: CliCommand = {
  name: 'audit verify',
  summary: 'check the hash chain of the audit log',
  help: `Usage: headroom audit verify [--db FILE] [--json]

Recomputes the SHA-256 chain over every audit entry. Exits 0 printing the number of entries
verified, or 1 naming the first entry that does not verify.

  --db FILE   SQLite store (default: $HEADROOM_DB or ./data/headroom.db)`,
  async run(ctx) {
    const { values } = parseCommandArgs(ctx.argv, {}, false);
    const path = storePath(values.db, ctx.env, ctx.cwd);
    if (path !== ':memory:' && !existsSync(path)) {
      throw new HeadroomError('INPUT_INVALID', `no store at ${path}; pass --db FILE or set HEADROOM_DB`);
    }
    const store = openStore(path);
    try {
      const result = store.verifyAudit();
      if (values.json) ctx.stdout.write(`${JSON.stringify(result)}\n`);
      if (result.ok) {
        if (!values.json) ctx.stdout.write(`audit log ok: ${result.count} entries verified\n`);
        return 0;
      }
      if (!values.json) {
        ctx.stdout.write(
          `audit log BROKEN at entry ${result.firstBadSeq}: ${result.reason} (${result.count} entries verified before it)\n`,
        );
      }
      return 1;
    } finally {
      store.close();
    }
  },
};
