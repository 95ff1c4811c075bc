import { existsSync } from 'node:fs';
import { HeadroomError } from '../../../analytics/errors.js';
import { INCIDENT_STATES, type IncidentState } from '../../../analytics/incidents/types.js';
import { storePath } from '../../app/store-path.js';
import { incidentJson, incidentListText, incidentShowText } from '../../format/incident-text.js';
import { openStore, type Store } from '../../store/index.js';
import type { CliCommand, CliContext } from '../command.js';
import { parseCommandArgs, positional } from '../options.js';
import { writeOutput } from '../output.js';

const DB_HELP =
  '  --db FILE         SQLite store (default: $HEADROOM_DB or ./data/headroom.db)\n  --json            machine-readable output';

function withStore<T>(ctx: CliContext, db: string | undefined, fn: (store: Store) => T): T {
  const path = storePath(db, ctx.env, ctx.cwd);
  if (path !== ':memory:' && !existsSync(path))
    throw new HeadroomError('INPUT_INVALID', `no store at ${path}; pass --db FILE or set HEADROOM_DB`);
  const store = openStore(path);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

function incidentId(text: string, usage: string): number {
  const raw = text.replace(/^#/, '');
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1)
    throw new HeadroomError(
      'USAGE',
      `an incident id is a positive whole number such as 3, not "${text}". Usage: ${usage}`,
    );
  return Number(raw);
}

function getIncident(store: Store, id: number) {
  const incident = store.incidents.get(id);
  if (!incident) {
    const newest = store.incidents.list({ limit: 1 })[0];
    throw new HeadroomError(
      'INPUT_INVALID',
      `no incident #${id}${newest ? ` (the newest is #${newest.id}; headroom incident list shows them)` : ' (none recorded yet)'}`,
    );
  }
  return incident;
}

export const incidentListCommand: CliCommand = {
  name: 'incident list',
  summary: 'incidents, newest first: state, times to detect / decide / recover, top cause',
  help: `Usage: headroom incident list [--state open|mitigating|resolved|analysed] [--unit WU] [--limit N] [--db FILE] [--json]

Lists the incidents the shadow loop recorded, newest first.

  --state STATE     only incidents in this state
  --unit WU         only this work unit
  --limit N         at most N (default 20)
${DB_HELP}`,
  async run(ctx) {
    const { values } = parseCommandArgs(
      ctx.argv,
      { state: { type: 'string' }, unit: { type: 'string' }, limit: { type: 'string' } },
      false,
    );
    if (values.state !== undefined && !INCIDENT_STATES.includes(values.state as IncidentState))
      throw new HeadroomError('USAGE', `--state must be one of ${INCIDENT_STATES.join(', ')}, not "${values.state}"`);
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      throw new HeadroomError('USAGE', `--limit must be a whole number from 1 to 10000, not "${values.limit}"`);
    return withStore(ctx, values.db, (store) => {
      const incidents = store.incidents.list({
        ...(values.state ? { state: values.state as IncidentState } : {}),
        ...(values.unit ? { workUnit: values.unit } : {}),
        limit,
      });
      writeOutput(ctx, values.json, { incidents: incidents.map((i) => incidentJson(i)) }, () =>
        incidentListText(incidents),
      );
      return 0;
    });
  },
};

export const incidentShowCommand: CliCommand = {
  name: 'incident show',
  summary: 'one incident: lifecycle times, hypotheses with evidence ids, the timeline',
  help: `Usage: headroom incident show <id> [--evidence ID] [--db FILE] [--json]

Shows an incident's state, its times to detect, decide and recover, the ranked root-cause
hypotheses with the evidence ids they rest on, and the timeline (every entry with its id).

  --evidence ID     resolve one evidence id of the incident and print the record behind it
${DB_HELP}

Example: headroom incident show 3 --evidence resource:eu-west-1:open-connections`,
  async run(ctx) {
    const usage = 'headroom incident show <id>';
    const { values, positionals } = parseCommandArgs(ctx.argv, { evidence: { type: 'string' } });
    if (positionals.length > 1)
      throw new HeadroomError('USAGE', `one incident id, not ${positionals.length}. Usage: ${usage}`);
    const id = incidentId(positional(positionals, 0, 'the incident id', usage), usage);
    return withStore(ctx, values.db, (store) => {
      const incident = getIncident(store, id);
      if (values.evidence !== undefined) {
        const e = store.incidents.resolveEvidence(id, values.evidence);
        if (!e) throw new HeadroomError('INPUT_INVALID', `incident #${id} has no evidence "${values.evidence}"`);
        writeOutput(ctx, values.json, e, () => JSON.stringify(e, null, 2));
        return 0;
      }
      const timeline = store.incidents.evidence(id);
      writeOutput(ctx, values.json, incidentJson(incident, timeline), () => incidentShowText(incident, timeline));
      return 0;
    });
  },
};

export const incidentPostmortemCommand: CliCommand = {
  name: 'incident postmortem',
  summary: "an incident's blameless postmortem (Markdown, every claim citing evidence ids)",
  help: `Usage: headroom incident postmortem <id> [--db FILE] [--json]

Prints the postmortem Headroom wrote when the incident resolved. An incident that is still open or
mitigating has none yet: the command says its state and exits 1.
${DB_HELP}`,
  async run(ctx) {
    const usage = 'headroom incident postmortem <id>';
    const { values, positionals } = parseCommandArgs(ctx.argv, {});
    if (positionals.length > 1)
      throw new HeadroomError('USAGE', `one incident id, not ${positionals.length}. Usage: ${usage}`);
    const id = incidentId(positional(positionals, 0, 'the incident id', usage), usage);
    return withStore(ctx, values.db, (store) => {
      const incident = getIncident(store, id);
      if (!incident.postmortemMarkdown)
        throw new HeadroomError(
          'INPUT_INVALID',
          `incident #${id} is ${incident.state}: ${incident.state === 'resolved' ? 'its postmortem is being written' : 'the postmortem is written once it resolves'}`,
          { state: incident.state },
        );
      const markdown = incident.postmortemMarkdown;
      writeOutput(ctx, values.json, { id, state: incident.state, writtenBy: incident.postmortemBy, markdown }, () =>
        markdown.trimEnd(),
      );
      return 0;
    });
  },
};
