import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { overrideModal } from '../blocks/override-modal.js';
import { ACTION_IDS } from '../blocks/plan.js';
import type { SlackDeps } from '../deps.js';
import { operatorRefusal } from '../guard.js';
import { slackErrorCode } from '../out.js';
import { decisionRef, ephemeralTo } from './decide.js';
import type { ButtonClickArgs } from './one-click.js';

/** Override…: opens the modal asking what the operator is doing instead, and why. */
export function overrideOpenAction(deps: SlackDeps) {
  return async ({ ack, body, action }: ButtonClickArgs): Promise<void> => {
    await ack();
    const say = ephemeralTo(deps, body);
    // the trigger_id is good for 3 s: a role lookup must not use it up
    const refusal = await operatorRefusal(deps, body.user.id, 'override a recommendation');
    if (refusal) {
      await say(refusal);
      return;
    }
    const ref = decisionRef(action.value);
    const rec = ref ? deps.store.getRecommendation(ref.id) : undefined;
    if (!ref || !rec) {
      await say('This button carries no known recommendation; nothing was recorded.');
      return;
    }
    const units = deps.core.fleet.workUnits.map((u) => u.id).filter((id) => id !== rec.workUnit);
    try {
      await deps.out.openView(body.trigger_id, overrideModal({ ref, workUnit: rec.workUnit, candidates: units }));
    } catch (err) {
      const reason = slackErrorCode(err);
      deps.log.warn({ reason }, 'could not open the Override form');
      await say(`Slack did not open the Override form (${reason}). Nothing was recorded; click Override… again.`);
    }
  };
}

export function registerOverrideOpen(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.override, overrideOpenAction(deps));
}
