import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { DecisionKind } from '../../store/index.js';
import type { SlackDeps } from '../deps.js';
import { allowed } from '../guard.js';
import { decisionRef, ephemeralTo, recordDecision } from './decide.js';

export type ButtonClickArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** A one-click decision: acked at once, role checked, recorded, the message edited. */
export function oneClickDecision(deps: SlackDeps, kind: Exclude<DecisionKind, 'override'>, label: string) {
  return async ({ ack, body, action }: ButtonClickArgs): Promise<void> => {
    await ack();
    const say = ephemeralTo(deps, body);
    if (!(await allowed(deps, body.user.id, 'operator', label, say))) return;
    const ref = decisionRef(action.value);
    if (!ref) {
      await say('This button carries no recommendation; nothing was recorded.');
      return;
    }
    const result = await recordDecision(deps, { ref, userId: body.user.id, kind, content: {} });
    if (!result.ok) await say(result.text);
  };
}
