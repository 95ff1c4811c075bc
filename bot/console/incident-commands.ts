import { incidentListText, incidentShowText } from '../format/incident-text.js';
import type { IncidentService } from '../incidents/service.js';
import type { Store } from '../store/index.js';

const USAGE = `Usage: incident list | incident show <id> | incident postmortem <id> | declare <wu> | snooze <wu> <minutes> <reason>`;

/** The console's incident commands: the same store reads as `headroom incident …`, plus declare and snooze. */
export function runIncidentLine(
  deps: { store: Store; incidents?: IncidentService; now: () => number },
  head: string,
  args: string[],
): string {
  const { store } = deps;
  const id = () => {
    const n = Number((args[1] ?? '').replace(/^#/, ''));
    if (!Number.isInteger(n) || n < 1) return null;
    return n;
  };
  if (head === 'incident') {
    const sub = args[0];
    if (sub === 'list' || sub === undefined) return incidentListText(store.incidents.list({ limit: 20 }));
    const n = id();
    if ((sub === 'show' || sub === 'postmortem') && n === null) return USAGE;
    const incident = n === null ? undefined : store.incidents.get(n);
    if (!incident) return `No incident #${args[1]}. Type "incident list".`;
    if (sub === 'show') return incidentShowText(incident, store.incidents.evidence(incident.id));
    if (sub === 'postmortem')
      return (
        incident.postmortemMarkdown ??
        `Incident #${incident.id} is ${incident.state}: the postmortem is written once it resolves.`
      );
    return USAGE;
  }
  if (!deps.incidents) return 'Incidents are not available here.';
  const workUnit = args[0];
  if (!workUnit) return USAGE;
  const known = store.listObservations({ workUnit, limit: 1 }).length > 0 || deps.incidents.settings.owners[workUnit];
  if (!known && !store.incidents.active(workUnit)) return `Unknown or not yet observed work unit "${workUnit}".`;
  const atMs = deps.now();
  if (head === 'declare') {
    const { incident, created } = deps.incidents.tracker.declare(workUnit, 'console', atMs);
    return created
      ? `Incident #${incident.id} declared on ${workUnit}.`
      : `${workUnit} already has incident #${incident.id} (${incident.state}).`;
  }
  if (head === 'snooze') {
    const minutes = Number(args[1]);
    const reason = args.slice(2).join(' ').trim();
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 7 * 24 * 60 || !reason)
      return 'Usage: snooze <wu> <minutes 1..10080> <reason>';
    const s = deps.incidents.tracker.snooze({
      workUnit,
      kind: 'snooze',
      fromMs: atMs,
      untilMs: atMs + minutes * 60_000,
      reason,
      actor: 'console',
      createdAtMs: atMs,
    });
    return `${workUnit} snoozed until ${new Date(s.untilMs).toISOString()}: posts held back, everything still evaluated and recorded.`;
  }
  return USAGE;
}
