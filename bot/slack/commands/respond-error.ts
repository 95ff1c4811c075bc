import type { RespondFn } from '@slack/bolt';
import { HeadroomError } from '../../../analytics/errors.js';
import type { SlackDeps } from '../deps.js';

/** Expected failures (unknown unit, bad input) are told to the user as they are; bugs are logged and summarised. */
export async function respondError(deps: Pick<SlackDeps, 'log'>, respond: RespondFn, err: unknown, what: string) {
  const text =
    err instanceof HeadroomError
      ? `:warning: ${err.message}`
      : `:x: ${what} failed on Headroom’s side; the error is in its log.`;
  if (!(err instanceof HeadroomError)) deps.log.error({ err }, `${what} failed`);
  await respond({ replace_original: true, response_type: 'ephemeral', text }).catch((e) =>
    deps.log.warn({ err: (e as Error).message }, 'could not deliver the error'),
  );
}

export function words(text: string | undefined): string[] {
  return (text ?? '').trim().split(/\s+/).filter(Boolean);
}
