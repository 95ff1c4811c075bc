import type { SlackDeps } from '../deps.js';

/**
 * An operator declares an incident on a unit (the Declare incident button, `/failover declare`),
 * linked to the unit's open recommendation when there is one. The store audits the opening with
 * the operator as actor; a unit that already has an active incident is audited too and said. The
 * incident's thread follows at once. Returns what to tell the operator (null: the thread says it).
 */
export async function declareIncident(
  deps: SlackDeps,
  input: { workUnit: string; userId: string; recommendationId?: number },
): Promise<string | null> {
  const incidents = deps.incidents;
  if (!incidents) return 'Incidents are not enabled in this Headroom; nothing was recorded.';
  const atMs = deps.now();
  const rec = input.recommendationId ? deps.store.getRecommendation(input.recommendationId) : undefined;
  const { incident, created } = incidents.service.tracker.declare(
    input.workUnit,
    input.userId,
    atMs,
    rec && rec.closedAtMs === null ? rec.id : undefined,
  );
  if (!created) {
    deps.store.appendAudit({
      atMs,
      kind: 'incident.declare-existing',
      actor: input.userId,
      payload: { incidentId: incident.id, workUnit: incident.workUnit },
    });
    return `${incident.workUnit} already has incident #${incident.id} (${incident.state}); nothing new was opened.`;
  }
  await incidents.threads.sync(atMs);
  return null;
}
