import { DEFAULT_RESOLVE_AFTER_HEALTHY_POLLS } from '../../analytics/incidents/lifecycle.js';

export interface UnitOwnership {
  /** Slack user group id (S…), @-mentioned on the first post of an episode. */
  group?: string;
  /** Dashboards, runbooks, status page: shown on posts. */
  links: Record<string, string>;
}

export interface IncidentSettings {
  resolveAfterHealthyPolls: number;
  /** A reminder in the thread when nobody decided within this long after the incident opened. */
  reminderMs: number;
  owners: Record<string, UnitOwnership>;
}

export const DEFAULT_INCIDENT_SETTINGS: IncidentSettings = {
  resolveAfterHealthyPolls: DEFAULT_RESOLVE_AFTER_HEALTHY_POLLS,
  reminderMs: 10 * 60_000,
  owners: {},
};

/** The Slack mention of a unit's owning group, or null when the fleet config names none. */
export function ownerMention(settings: IncidentSettings, workUnit: string): string | null {
  const group = settings.owners[workUnit]?.group;
  return group ? `<!subteam^${group}>` : null;
}
