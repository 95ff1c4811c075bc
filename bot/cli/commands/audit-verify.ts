import { existsSync } from 'node:fs';
import { HeadroomError } from '../../../analytics/errors.js';
import { storePath } from '../../app/store-path.js';
import { verifyAuditFile } from '../../store/index.js';
import type { CliCommand } from '../command.js';
import { parseCommandArgs } from '../options.js';

export const auditVerifyCommand: CliCommand = {
  name: 'audit verify',
  summary: 'check the hash chain of the audit log',
  help: `Usage: headroom audit verify [--db FILE] [--expect SEQ:HASH] [--json]

Recomputes the SHA-256 chain over every audit entry, reading the store without changing it.
Exits 0 printing the number of entries verified and the newest entry's number and hash, or 1
naming the first entry that does not verify.

The chain shows edited, inserted or deleted entries, but not entries removed from the end. Keep
the newest entry's SEQ:HASH somewhere else (a ticket, another system) and pass it later:

  --expect SEQ:HASH   also check that entry SEQ is still there with this hash (exit 1 if not)
  --db FILE|URL       SQLite store, or a postgres:// URL (default: $HEADROOM_DB or ./data/headroom.db)`,
  async run(ctx) {
    const { values } = parseCommandArgs(ctx.argv, { expect: { type: 'string' } }, false);
    const path = storePath(values.db, ctx.env, ctx.cwd);
    if (path === ':memory:' || (!/^postgres(ql)?:\/\//i.test(path) && !existsSync(path))) {
      throw new HeadroomError('INPUT_INVALID', `no store at ${path}; pass --db FILE or set HEADROOM_DB`);
    }
    const expected = values.expect === undefined ? undefined : parseExpected(values.expect);
    const result = verifyAuditFile(path, expected);
    const expectationHolds = result.expected === undefined || result.expected.found;
    if (values.json) ctx.stdout.write(`${JSON.stringify(result)}\n`);
    else if (!result.ok) {
      ctx.stdout.write(
        `audit log BROKEN at entry ${result.firstBadSeq}: ${result.reason} (${result.count} entries verified before it)\n`,
      );
    } else {
      const newest = result.newest ? `; newest entry ${result.newest.seq}:${result.newest.hash}` : '';
      ctx.stdout.write(`audit log ok: ${result.count} entries verified${newest}\n`);
      if (result.expected && !result.expected.found)
        ctx.stdout.write(
          `audit log TRUNCATED or rewritten: entry ${result.expected.seq} with hash ${result.expected.hash} is not in the log\n`,
        );
    }
    return result.ok && expectationHolds ? 0 : 1;
  },
};

function parseExpected(text: string): { seq: number; hash: string } {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!m)
    throw new HeadroomError(
      'USAGE',
      `--expect must be SEQ:HASH as printed by audit verify (e.g. 27:3f9a…), not "${text}"`,
    );
  return { seq: Number(m[1]), hash: m[2]! };
}
