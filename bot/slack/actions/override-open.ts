import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { overrideModal } from '../blocks/override-modal.js';
import { ACTION_IDS } from '../blocks/plan.js';
import type { SlackDeps } from '../deps.js';
import { allowed } from '../guard.js';
import { decisionRef, ephemeralTo } from './decide.js';
import type { ButtonClickArgs } from './one-click.js';

/** Override…: opens the modal asking what the operator is doing instead, and why. */
export function overrideOpenAction(deps: SlackDeps) {
  return async ({ ack, body, action }: ButtonClickArgs): Promise<void> => {
    await ack();
    const say = ephemeralTo(deps, body);
    if (!(await allowed(deps, body.user.id, 'operator', 'override a recommendation', say))) return;
    const ref = decisionRef(action.value);
    const rec = ref ? deps.store.getRecommendation(ref.id) : undefined;
    if (!ref || !rec) {
      await say('This button carries no known recommendation; nothing was recorded.');
      return;
    }
    const units = deps.core.fleet.workUnits.map((u) => u.id).filter((id) => id !== rec.workUnit);
    await deps.out.openView(body.trigger_id, overrideModal({ ref, workUnit: rec.workUnit, candidates: units }));
  };
}

export function registerOverrideOpen(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.override, overrideOpenAction(deps));
}
