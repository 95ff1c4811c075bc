import { type CitationProblem, type Claim, checkCitations, claimNumbers } from '../../analytics/incidents/citations.js';
import { correlate } from '../../analytics/incidents/correlate.js';
import { rankHypotheses } from '../../analytics/incidents/hypotheses.js';
import { durations } from '../../analytics/incidents/lifecycle.js';
import {
  buildPostmortem,
  type Postmortem,
  type PostmortemRemediation,
  runbookEvidenceId,
  type SimilarIncident,
} from '../../analytics/incidents/postmortem.js';
import type { Evidence, Hypothesis } from '../../analytics/incidents/types.js';
import type { FleetModel } from '../../analytics/types.js';
import type { RunbookIndex } from '../../tools/runbooks/index.js';
import type { EvidenceSources } from '../../tools/sources/evidence.js';
import type { MetricsSource } from '../../tools/sources/types.js';
import { postmortemMarkdown } from '../format/postmortem-markdown.js';
import type { IncidentRecord, Store } from '../store/index.js';
import { gatherCorrelationInput } from './gather.js';
import { type IncidentSettings, ownerMention } from './settings.js';

export interface AnalyseDeps {
  store: Store;
  fleet: FleetModel;
  metrics: MetricsSource;
  evidence: EvidenceSources;
  runbooks: RunbookIndex | null;
  settings: IncidentSettings;
  utilisationExhausted: number;
  connectionDropRatio: number;
}

export interface Analysis {
  incident: IncidentRecord;
  postmortem: Postmortem;
  markdown: string;
  hypotheses: Hypothesis[];
  /** Every piece of evidence of the incident, as the postmortem's claims cite it. */
  evidence: Evidence[];
  /** Claims the citation check removed (from Claude's narrative, or — a bug — the deterministic part). */
  removed: CitationProblem[];
  writtenBy: string;
  /** Claude's investigation, its claims checked against the evidence (see narrate.ts). */
  narrative?: Claim[];
  /** Why Claude's narrative is absent, when it was asked for. */
  narratorFailure?: string;
}

export const DETERMINISTIC_AUTHOR = 'Headroom (deterministic)';

/**
 * Correlates, ranks, suggests runbook steps and writes the postmortem of a resolved incident,
 * without any model: every claim passes the citation check. Claude's narrative, when configured,
 * is added afterwards (narrate.ts) and never holds this document back.
 */
export async function analyseIncident(deps: AnalyseDeps, incidentId: number, atMs: number): Promise<Analysis> {
  const store = deps.store.incidents;
  let incident = store.get(incidentId);
  if (!incident) throw new Error(`no incident #${incidentId}`);
  if (incident.state !== 'resolved' && incident.state !== 'analysed')
    throw new Error(`incident #${incidentId} is ${incident.state}; it is analysed once resolved`);

  const input = await gatherCorrelationInput(deps, incident.workUnit, incident.firstSignalMs);
  store.addEvidence(incident.id, correlate(input));
  const timeline = store.evidence(incident.id);
  const onsetSignals = onsetSignalsOf(timeline, incident);
  const hypotheses = rankHypotheses({
    workUnit: incident.workUnit,
    findings: timeline,
    signalsAtOnset: onsetSignals,
    utilisationExhausted: deps.utilisationExhausted,
    connectionDropRatio: deps.connectionDropRatio,
  });
  const remediation = suggestRemediation(deps, incident, hypotheses, timeline);
  store.addEvidence(incident.id, remediation.evidence);
  const similar = similarIncidents(deps.store, incident, hypotheses);
  const all = store.evidence(incident.id);
  const resolve = (id: string) => all.find((e) => e.id === id);
  const pm = buildPostmortem({
    incident,
    durations: durations(incident),
    timeline: all,
    hypotheses,
    remediation: remediation.suggestions,
    similar,
    owner: ownerMention(deps.settings, incident.workUnit),
    slowDecisionMs: deps.settings.reminderMs,
  });
  const checked = checkPostmortem(pm, resolve);
  const markdown = postmortemMarkdown(checked.postmortem, { writtenBy: DETERMINISTIC_AUTHOR, atMs });
  incident = store.setAnalysis(incident.id, { atMs, hypotheses, markdown, by: 'deterministic' });
  return {
    incident,
    postmortem: checked.postmortem,
    markdown,
    hypotheses,
    evidence: all,
    removed: checked.removed,
    writtenBy: DETERMINISTIC_AUTHOR,
  };
}

/** Every claim of the document through the citation check; what fails is dropped, never printed. */
function checkPostmortem(
  pm: Postmortem,
  resolve: (id: string) => Evidence | undefined,
): { postmortem: Postmortem; removed: CitationProblem[] } {
  const removed: CitationProblem[] = [];
  const keep = <C extends Claim>(claims: readonly C[]): C[] => {
    const r = checkCitations(claims, resolve, pm.computedFigures);
    removed.push(...r.removed);
    return claims.filter((c) => r.kept.includes(c));
  };
  const root = pm.rootCause ? keep([pm.rootCause]) : [];
  return {
    postmortem: {
      ...pm,
      summary: keep(pm.summary),
      impact: keep(pm.impact),
      rootCause: root[0] ?? null,
      contributing: keep(pm.contributing),
      wentWell: keep(pm.wentWell),
      wentBadly: keep(pm.wentBadly),
      actionItems: keep(pm.actionItems),
    },
    removed,
  };
}

function onsetSignalsOf(timeline: readonly Evidence[], incident: IncidentRecord) {
  const atOnset = timeline.filter((e) => e.kind === 'signal-change' && e.atMs === incident.firstSignalMs);
  return atOnset.map((e) => ({
    source: e.source as 'metrics',
    status: (e.facts?.status as 'ok' | 'firing' | 'unknown') ?? 'unknown',
    detail: e.summary,
    evidenceId: e.id,
  }));
}

const CAUSE_QUERY: Record<string, string> = {
  'bad-deploy': 'bad deploy release rollback new errors',
  'capacity-exhaustion': 'capacity exhaustion saturation',
  'dependency-failure': 'dependency upstream failure traces',
  'traffic-surge': 'traffic surge client region load',
  'network-loss': 'network loss connections connection drop',
  'telemetry-failure': 'telemetry failure missing data stale agent',
};

function suggestRemediation(
  deps: AnalyseDeps,
  incident: IncidentRecord,
  hypotheses: readonly Hypothesis[],
  timeline: readonly Evidence[],
): { suggestions: PostmortemRemediation[]; evidence: Evidence[] } {
  if (!deps.runbooks) return { suggestions: [], evidence: [] };
  const firing = [
    ...new Set(timeline.filter((e) => e.kind === 'signal-change' && e.facts?.status !== 'ok').map((e) => e.source)),
  ];
  const query = [
    ...hypotheses.slice(0, 2).flatMap((h) => [h.cause, CAUSE_QUERY[h.cause] ?? '', h.subject ?? '']),
    ...firing,
    incident.workUnit,
  ].join(' ');
  const suggestions = deps.runbooks.suggest(query, hypotheses.length > 1 ? 2 : 1);
  const sectionIds = new Set(
    suggestions.flatMap((s) => [...s.steps.map((x) => x.sectionId), ...s.rollback.map((x) => x.sectionId)]),
  );
  const evidence: Evidence[] = [...sectionIds].map((id) => {
    const section = deps.runbooks!.get(id)!;
    const text = `${section.runbookTitle} — ${section.heading}: ${section.steps.join(' ') || section.text}`;
    return {
      id: runbookEvidenceId(id),
      kind: 'runbook' as const,
      atMs: incident.resolvedAtMs ?? incident.openedAtMs,
      source: `runbook:${section.file}`,
      workUnit: incident.workUnit,
      summary: text,
      figures: Object.fromEntries(claimNumbers(text).map((n, i) => [`n${i}`, n])),
      status: 'ok' as const,
    };
  });
  return { suggestions, evidence };
}

/** Past analysed incidents of the same unit or the same top cause: what was decided, how long recovery took. */
function similarIncidents(
  store: Store,
  incident: IncidentRecord,
  hypotheses: readonly Hypothesis[],
): SimilarIncident[] {
  const cause = hypotheses[0]?.cause ?? null;
  return store.incidents
    .list({ state: 'analysed', limit: 200 })
    .filter(
      (i) => i.id !== incident.id && (i.workUnit === incident.workUnit || (cause && i.hypotheses[0]?.cause === cause)),
    )
    .slice(0, 3)
    .map((i) => {
      const decision = i.recommendationIds.flatMap((id) => store.listDecisions({ recommendationId: id })).at(-1);
      return {
        incidentId: i.id,
        workUnit: i.workUnit,
        openedAtMs: i.openedAtMs,
        topCause: i.hypotheses[0]?.cause ?? null,
        decision: decision?.kind ?? null,
        timeToRecoverMs: durations(i).timeToRecoverMs,
      };
    });
}
