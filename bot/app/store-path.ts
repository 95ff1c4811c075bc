import { resolve } from 'node:path';

/**
 * --db, else $HEADROOM_DB, else ./data/headroom.db under the working directory. A postgres:// URL
 * (replicas sharing one database) is passed through as it is.
 */
export function storePath(option: string | undefined, env: Readonly<Record<string, string | undefined>>, cwd: string) {
  const chosen = option ?? env.HEADROOM_DB;
  if (chosen === ':memory:' || (chosen !== undefined && /^postgres(ql)?:\/\//i.test(chosen))) return chosen;
  return resolve(cwd, chosen ?? 'data/headroom.db');
}
