import type { Claim } from './citations.js';
import type { Evidence, Hypothesis, IncidentDurations, IncidentState, IncidentTrigger } from './types.js';

export interface PostmortemRemediation {
  runbookTitle: string;
  file: string;
  steps: { urgency: string; step: string; sectionId: string }[];
  rollback: { note: string; sectionId: string }[];
}

export interface SimilarIncident {
  incidentId: number;
  workUnit: string;
  openedAtMs: number;
  topCause: string | null;
  decision: string | null;
  timeToRecoverMs: number | null;
}

export interface PostmortemInput {
  incident: {
    id: number;
    workUnit: string;
    trigger: IncidentTrigger;
    state: IncidentState;
    firstSignalMs: number;
    openedAtMs: number;
    recoveredAtMs: number | null;
  };
  durations: IncidentDurations;
  timeline: readonly Evidence[];
  hypotheses: readonly Hypothesis[];
  remediation: readonly PostmortemRemediation[];
  similar: readonly SimilarIncident[];
  /** Slack mention of the unit's owning group ("<!subteam^S123>"), when the fleet config names one. */
  owner: string | null;
  /** A decision slower than this is called out as what did not go well. */
  slowDecisionMs?: number;
}

export interface Postmortem {
  incidentId: number;
  workUnit: string;
  title: string;
  summary: Claim[];
  impact: Claim[];
  timeline: readonly Evidence[];
  rootCause: Claim | null;
  contributing: Claim[];
  wentWell: Claim[];
  wentBadly: Claim[];
  actionItems: (Claim & { owner: string | null })[];
  remediation: readonly PostmortemRemediation[];
  similar: readonly SimilarIncident[];
  /** Numbers the builder computed itself (durations in minutes); claims may quote them. */
  computedFigures: number[];
}

const minutes = (ms: number) => Math.round(ms / 6_000) / 10;
const CAUSE_WORDS: Record<string, string> = {
  'bad-deploy': 'a bad deploy',
  'capacity-exhaustion': 'capacity exhaustion',
  'dependency-failure': 'a failing dependency',
  'traffic-surge': 'a traffic surge',
  'network-loss': 'network / connection loss',
  'telemetry-failure': 'a telemetry or agent failure',
};

/**
 * The blameless postmortem as structured claims, each citing the evidence it rests on: the
 * deterministic version (no model). Formatting (Markdown, Slack) is done at the edge.
 */
export function buildPostmortem(input: PostmortemInput): Postmortem {
  const { incident, durations, timeline, hypotheses } = input;
  const lifecycle = (state: string) => timeline.find((e) => e.id === `lifecycle:${state}`);
  const opened = lifecycle('opened');
  const resolved = lifecycle('resolved');
  const lifeIds = [opened, resolved].flatMap((e) => (e ? [e.id] : []));
  const recs = timeline.filter((e) => e.kind === 'recommendation');
  const lastRec = recs.at(-1);
  const decisions = timeline.filter((e) => e.kind === 'decision');
  const firstSignal = timeline.find((e) => e.kind === 'signal-change' && e.facts?.status !== 'ok');
  const top = hypotheses[0];
  const computed = [
    minutes(durations.timeToDetectMs),
    ...(durations.timeToDecisionMs === null ? [] : [minutes(durations.timeToDecisionMs)]),
    ...(durations.timeToRecoverMs === null ? [] : [minutes(durations.timeToRecoverMs)]),
    ...hypotheses.map((h) => Math.round(h.confidence * 100)),
  ];
  const unknownCount = timeline.filter((e) => e.kind === 'source-unknown').length;
  computed.push(unknownCount, Math.max(0, recs.length - 1));

  const summary: Claim[] = [
    {
      text: `${incident.workUnit} was in trouble for ${durations.timeToRecoverMs === null ? 'an unknown time' : `${minutes(durations.timeToRecoverMs)} min`} (first signal to recovery); Headroom opened the incident ${minutes(durations.timeToDetectMs)} min after the first signal.`,
      evidenceIds: [...lifeIds, ...(firstSignal ? [firstSignal.id] : [])],
    },
  ];
  if (top)
    summary.push({
      text: `Most likely cause: ${CAUSE_WORDS[top.cause]}${top.subject ? ` (${top.subject})` : ''}, confidence ${Math.round(top.confidence * 100)} %.`,
      evidenceIds: top.evidenceIds,
    });

  const impact: Claim[] = [];
  if (lastRec) {
    const f = lastRec.figures;
    if (f.load !== undefined)
      impact.push({
        text: `Load on ${incident.workUnit} at the last recommendation: ${f.load} rps.`,
        evidenceIds: [lastRec.id],
      });
    if (f.movedLoad !== undefined)
      impact.push({
        text: `The plan moved ${f.movedLoad} rps; cost delta ${f.costPerHourDelta ?? 0} per hour; worst TTFB p95 delta ${f.maxTtfbP95DeltaMs ?? 0} ms.`,
        evidenceIds: [lastRec.id],
      });
  }
  const regions = timeline.filter(
    (e) => e.kind === 'traffic' && e.facts?.clientRegion !== 'total' && (e.figures.before ?? 0) > 0,
  );
  if (regions.length)
    impact.push({
      text: `Client regions served by ${incident.workUnit}: ${regions.map((r) => `${r.facts?.clientRegion} (${r.figures.before} rps)`).join(', ')}.`,
      evidenceIds: regions.map((r) => r.id),
    });
  const scope = timeline.find((e) => e.kind === 'scope');
  if (scope) impact.push({ text: `Scope: ${scope.summary}.`, evidenceIds: [scope.id] });

  const rootCause: Claim | null = top ? { text: capital(`${top.statement}.`), evidenceIds: top.evidenceIds } : null;
  const contributing: Claim[] = hypotheses.slice(1, 4).map((h) => ({
    text: `${capital(h.statement)} (${CAUSE_WORDS[h.cause]}, confidence ${Math.round(h.confidence * 100)} %).`,
    evidenceIds: h.evidenceIds,
  }));
  const unknown = timeline.filter((e) => e.kind === 'source-unknown');
  for (const u of unknown) contributing.push({ text: `Not known: ${u.summary}.`, evidenceIds: [u.id] });

  const wentWell: Claim[] = [];
  const wentBadly: Claim[] = [];
  if (opened && firstSignal)
    (durations.timeToDetectMs <= 10 * 60_000 ? wentWell : wentBadly).push({
      text: `Detection took ${minutes(durations.timeToDetectMs)} min from the first signal.`,
      evidenceIds: [opened.id, firstSignal.id],
    });
  if (durations.timeToDecisionMs !== null && decisions[0])
    (durations.timeToDecisionMs <= (input.slowDecisionMs ?? 10 * 60_000) ? wentWell : wentBadly).push({
      text: `An operator decided ${minutes(durations.timeToDecisionMs)} min after the incident opened.`,
      evidenceIds: [decisions[0].id, ...(opened ? [opened.id] : [])],
    });
  else if (opened)
    wentBadly.push({ text: 'Nobody recorded a decision on the recommendation.', evidenceIds: [opened.id] });
  if (recs.length > 1)
    wentBadly.push({
      text: `The recommendation changed ${recs.length - 1} times during the incident.`,
      evidenceIds: recs.map((r) => r.id),
    });
  if (unknown.length)
    wentBadly.push({
      text: `${unknown.length} evidence source(s) could not be read.`,
      evidenceIds: unknown.map((u) => u.id),
    });

  const actionItems: (Claim & { owner: string | null })[] = [];
  const nowSteps = input.remediation[0]?.steps.filter((s) => s.urgency !== 'now').slice(0, 3) ?? [];
  for (const s of nowSteps)
    actionItems.push({
      text: `${s.step} (${input.remediation[0]!.runbookTitle}).`,
      evidenceIds: [runbookEvidenceId(s.sectionId)],
      owner: input.owner,
    });
  if (top)
    actionItems.push({
      text: `Confirm or correct the root cause (${CAUSE_WORDS[top.cause]}) in this document.`,
      evidenceIds: top.evidenceIds,
      owner: input.owner,
    });
  for (const u of unknown)
    actionItems.push({
      text: `Make the ${u.source} source readable for the next investigation.`,
      evidenceIds: [u.id],
      owner: input.owner,
    });

  return {
    incidentId: incident.id,
    workUnit: incident.workUnit,
    title: `Incident #${incident.id}: ${incident.workUnit}${top ? ` — ${CAUSE_WORDS[top.cause]}` : ''}`,
    summary,
    impact,
    timeline,
    rootCause,
    contributing,
    wentWell,
    wentBadly,
    actionItems,
    remediation: input.remediation,
    similar: input.similar,
    computedFigures: computed,
  };
}

export function runbookEvidenceId(sectionId: string): string {
  return `runbook:${sectionId}`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
