import type { Confidence, Signal, Verdict, WorkUnitId } from '../../analytics/types.js';

// Records the store hands back. Times are epoch ms chosen by the caller; the store has no clock.

/** The actor recorded on audit entries the store writes on Headroom's own behalf. */
export const SYSTEM_ACTOR = 'headroom';

export { CONFIDENCES, VERDICTS } from '../../analytics/vocabulary.js';

export interface ObservationInput {
  workUnit: WorkUnitId;
  verdict: Verdict;
  confidence: Confidence;
  /** rps; NaN when unknown (stored as NULL, read back as NaN). */
  load: number;
  safeCapacity: number;
  headroom: number;
  signals: Signal[];
}

export interface ObservationRecord extends ObservationInput {
  id: number;
  atMs: number;
}

export const RESOLUTIONS = ['recovered', 'superseded', 'expired'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Where the recommendation was posted, so the Slack layer can edit the same message after a restart. */
export interface MessageRef {
  channel: string;
  ts: string;
}

export interface RecommendationContent {
  atMs: number;
  verdict: Verdict;
  confidence: Confidence;
  summary: string;
  /** Any JSON value (the plan etc.); stored as canonical JSON. */
  payload: unknown;
}

export interface RecommendationRecord {
  id: number;
  workUnit: WorkUnitId;
  /** Identifies one episode of trouble on one unit: `${workUnit}-${openedAtMs}`. */
  episode: string;
  /** 1 when opened; +1 on every update that changed something. */
  revision: number;
  verdict: Verdict;
  confidence: Confidence;
  summary: string;
  payload: unknown;
  openedAtMs: number;
  updatedAtMs: number;
  closedAtMs: number | null;
  resolution: Resolution | null;
  messageRef: MessageRef | null;
}

/** One revision as it was, for timelines ("what did Headroom say at 14:05?"). */
export interface RecommendationRevision {
  recommendationId: number;
  revision: number;
  atMs: number;
  verdict: Verdict;
  confidence: Confidence;
  summary: string;
  payload: unknown;
}

export const DECISION_KINDS = ['follow', 'override', 'not-an-incident'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export interface DecisionInput {
  recommendationId: number;
  userId: string;
  atMs: number;
  kind: DecisionKind;
  /** What the human chose (e.g. their own split, or a note); any JSON object. */
  content: object;
  followedRecommendation: boolean;
}

export interface DecisionRecord extends DecisionInput {
  id: number;
}

export interface Agreement {
  decisions: number;
  followed: number;
  /** followed / decisions; null when there are no decisions. */
  rate: number | null;
}

export interface AuditInput {
  atMs: number;
  kind: string;
  actor: string;
  payload: unknown;
}

export interface AuditEntry extends AuditInput {
  seq: number;
  prevHash: string;
  hash: string;
}

export type AuditVerification =
  | { ok: true; count: number }
  | { ok: false; count: number; firstBadSeq: number; reason: string };
