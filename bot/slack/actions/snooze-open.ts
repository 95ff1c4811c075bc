import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { INCIDENT_ACTION_IDS, incidentTarget } from '../blocks/plan.js';
import { snoozeModal } from '../blocks/snooze-modal.js';
import type { SlackDeps } from '../deps.js';
import { operatorRefusal } from '../guard.js';
import { slackErrorCode } from '../out.js';
import { ephemeralTo } from './decide.js';
import type { ButtonClickArgs } from './one-click.js';

/** Snooze…: operators only; opens the modal (unit, kind, duration, reason). */
export function snoozeOpenAction(deps: SlackDeps) {
  return async ({ ack, body, action }: ButtonClickArgs): Promise<void> => {
    await ack();
    const say = ephemeralTo(deps, body);
    // the trigger_id is good for 3 s: a role lookup must not use it up
    const refusal = await operatorRefusal(deps, body.user.id, 'snooze a work unit');
    if (refusal) {
      await say(refusal);
      return;
    }
    const target = incidentTarget(action.value);
    if (!target || !deps.core.fleet.workUnits.some((u) => u.id === target.workUnit)) {
      await say('This button carries no known work unit; nothing was recorded.');
      return;
    }
    try {
      await deps.out.openView(body.trigger_id, snoozeModal(target));
    } catch (err) {
      const reason = slackErrorCode(err);
      deps.log.warn({ reason }, 'could not open the Snooze form');
      await say(`Slack did not open the Snooze form (${reason}). Nothing was recorded; click Snooze… again.`);
    }
  };
}

export function registerSnoozeOpen(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(INCIDENT_ACTION_IDS.snooze, snoozeOpenAction(deps));
}
