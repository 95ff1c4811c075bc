import { storePath } from '../app/store-path.js';
import type { CliContext } from './command.js';
import { queryFailureWarner } from './output.js';

/**
 * What every fleet command adds to its options when it opens the runtime: failed telemetry reads
 * warned on stderr, and the pre-computed analytics kept in the store (--db, $HEADROOM_DB or
 * ./data/headroom.db), so a one-shot command reads the day's baselines and forecasts instead of
 * learning 90 days of history again.
 */
export function fleetRuntimeOptions(ctx: CliContext, db: string | undefined) {
  return { onQueryFailure: queryFailureWarner(ctx), analyticsStore: storePath(db, ctx.env, ctx.cwd) };
}
