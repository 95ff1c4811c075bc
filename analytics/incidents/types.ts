import type { WorkUnitId } from '../types.js';

/** open → mitigating (a decision was recorded) → resolved (healthy N polls in a row) → analysed (postmortem written). */
export const INCIDENT_STATES = ['open', 'mitigating', 'resolved', 'analysed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export const INCIDENT_TRIGGERS = ['recommendation', 'declared', 'critical-alert'] as const;
export type IncidentTrigger = (typeof INCIDENT_TRIGGERS)[number];

export const EVIDENCE_KINDS = [
  'signal-change', // a signal source changed status on a unit (an observation)
  'recommendation', // a recommendation revision
  'decision', // who decided what and why
  'lifecycle', // the incident changed state
  'deploy',
  'log-pattern', // an error signature and its counts now, a day and a week before
  'trace', // slow or failing spans
  'scope', // which units and client regions were distressed around onset
  'resource', // utilisation of a resource before and at onset
  'traffic', // load of a client region on the unit before and at onset
  'operator-note', // a thread message an operator pinned (untrusted text)
  'snooze',
  'runbook', // a runbook section suggested for the incident (not a moment in time: kept off the timeline view)
  'similar-incident', // a past incident of the same unit or signal signature
  'source-unknown', // an evidence source that could not be read: its findings are unknown, not absent
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * One piece of evidence with a stable id ("obs:12:metrics", "deploy:github:991", "log:eu-west-1:3fa2…").
 * Claims cite ids; the figures are the numbers a claim resting on this evidence may quote.
 */
export interface Evidence {
  id: string;
  kind: EvidenceKind;
  atMs: number;
  /** Where it came from: a signal source, "store", "deploys:simulated", "logs:loki", … */
  source: string;
  workUnit?: WorkUnitId;
  summary: string;
  figures: Record<string, number>;
  /** Extra structured facts the ranker reads (never shown as numbers). */
  facts?: Record<string, string | boolean>;
  /** 'unknown' when the source behind it could not be read. */
  status: 'ok' | 'unknown';
  /** The summary carries text from outside (a log line, a thread message): neutralised, still untrusted. */
  untrusted?: boolean;
}

export const CAUSES = [
  'bad-deploy',
  'capacity-exhaustion',
  'dependency-failure',
  'traffic-surge',
  'network-loss',
  'telemetry-failure',
] as const;
export type Cause = (typeof CAUSES)[number];

export interface Hypothesis {
  cause: Cause;
  /** e.g. the resource ("connections"), the client region, the service or the deploy id. */
  subject: string | null;
  /** 0..1, from the rule's score; the ranking is by it. */
  confidence: number;
  statement: string;
  evidenceIds: string[];
}

export interface IncidentTimes {
  /** The first signal of the episode (first non-ok signal on the unit). */
  firstSignalMs: number;
  openedAtMs: number;
  decidedAtMs: number | null;
  /** The first healthy poll of the streak that resolved it. */
  recoveredAtMs: number | null;
  resolvedAtMs: number | null;
}

export interface IncidentDurations {
  timeToDetectMs: number;
  timeToDecisionMs: number | null;
  timeToRecoverMs: number | null;
}
