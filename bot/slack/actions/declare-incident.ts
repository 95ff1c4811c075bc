import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { INCIDENT_ACTION_IDS, incidentTarget } from '../blocks/plan.js';
import type { SlackDeps } from '../deps.js';
import { allowed } from '../guard.js';
import { ephemeralTo } from './decide.js';
import type { ButtonClickArgs } from './one-click.js';

/**
 * Declare incident (on a recommendation or a /failover answer): operators only. The store audits the
 * opening with the operator as actor; a unit that already has an active incident is said, and the
 * click is audited too. The incident's thread is the recommendation's (or a new post) and its first
 * reply follows at once.
 */
export function declareIncidentAction(deps: SlackDeps) {
  return async ({ ack, body, action }: ButtonClickArgs): Promise<void> => {
    await ack();
    const say = ephemeralTo(deps, body);
    if (!(await allowed(deps, body.user.id, 'operator', 'declare an incident', say))) return;
    const incidents = deps.incidents;
    if (!incidents) {
      await say('Incidents are not enabled in this Headroom; nothing was recorded.');
      return;
    }
    const target = incidentTarget(action.value);
    if (!target || !deps.core.fleet.workUnits.some((u) => u.id === target.workUnit)) {
      await say('This button carries no known work unit; nothing was recorded.');
      return;
    }
    const atMs = deps.now();
    const rec = target.recommendationId ? deps.store.getRecommendation(target.recommendationId) : undefined;
    const { incident, created } = incidents.service.tracker.declare(
      target.workUnit,
      body.user.id,
      atMs,
      rec && rec.closedAtMs === null ? rec.id : undefined,
    );
    if (!created) {
      deps.store.appendAudit({
        atMs,
        kind: 'incident.declare-existing',
        actor: body.user.id,
        payload: { incidentId: incident.id, workUnit: incident.workUnit },
      });
      await say(
        `${incident.workUnit} already has incident #${incident.id} (${incident.state}); nothing new was opened.`,
      );
      return;
    }
    await incidents.threads.sync(atMs);
  };
}

export function registerDeclareIncident(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(INCIDENT_ACTION_IDS.declare, declareIncidentAction(deps));
}
