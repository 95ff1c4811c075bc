import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { INCIDENT_ACTION_IDS, incidentTarget } from '../blocks/plan.js';
import type { SlackDeps } from '../deps.js';
import { allowed } from '../guard.js';
import { declareIncident } from '../incidents/declare.js';
import { ephemeralTo } from './decide.js';
import type { ButtonClickArgs } from './one-click.js';

/**
 * Declare incident (on a recommendation or a /failover answer): operators only. The incident's
 * thread is the recommendation's (or a new post) and its first reply follows at once (declare.ts).
 */
export function declareIncidentAction(deps: SlackDeps) {
  return async ({ ack, body, action }: ButtonClickArgs): Promise<void> => {
    await ack();
    const say = ephemeralTo(deps, body);
    if (!(await allowed(deps, body.user.id, 'operator', 'declare an incident', say))) return;
    if (!deps.incidents) {
      await say('Incidents are not enabled in this Headroom; nothing was recorded.');
      return;
    }
    const target = incidentTarget(action.value);
    if (!target || !deps.core.fleet.workUnits.some((u) => u.id === target.workUnit)) {
      await say('This button carries no known work unit; nothing was recorded.');
      return;
    }
    const told = await declareIncident(deps, {
      workUnit: target.workUnit,
      userId: body.user.id,
      ...(target.recommendationId ? { recommendationId: target.recommendationId } : {}),
    });
    if (told) await say(told);
  };
}

export function registerDeclareIncident(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(INCIDENT_ACTION_IDS.declare, declareIncidentAction(deps));
}
