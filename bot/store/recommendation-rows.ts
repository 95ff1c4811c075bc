import type { RecommendationRecord, RecommendationRevision, Resolution } from './types.js';

// Rows as SQLite returns them, and their mapping to the records callers see.

export interface RecommendationRow {
  id: number;
  work_unit: string;
  episode: string;
  revision: number;
  verdict: string;
  confidence: string;
  summary: string;
  payload: string;
  opened_at_ms: number;
  updated_at_ms: number;
  closed_at_ms: number | null;
  resolution: string | null;
  message_channel: string | null;
  message_ts: string | null;
}

export interface RevisionRow {
  recommendation_id: number;
  revision: number;
  at_ms: number;
  verdict: string;
  confidence: string;
  summary: string;
  payload: string;
}

export function toRecord(row: RecommendationRow): RecommendationRecord {
  return {
    id: row.id,
    workUnit: row.work_unit,
    episode: row.episode,
    revision: row.revision,
    verdict: row.verdict as RecommendationRecord['verdict'],
    confidence: row.confidence as RecommendationRecord['confidence'],
    summary: row.summary,
    payload: JSON.parse(row.payload) as unknown,
    openedAtMs: row.opened_at_ms,
    updatedAtMs: row.updated_at_ms,
    closedAtMs: row.closed_at_ms,
    resolution: row.resolution as Resolution | null,
    messageRef:
      row.message_channel !== null && row.message_ts !== null
        ? { channel: row.message_channel, ts: row.message_ts }
        : null,
  };
}

export function toRevision(row: RevisionRow): RecommendationRevision {
  return {
    recommendationId: row.recommendation_id,
    revision: row.revision,
    atMs: row.at_ms,
    verdict: row.verdict as RecommendationRevision['verdict'],
    confidence: row.confidence as RecommendationRevision['confidence'],
    summary: row.summary,
    payload: JSON.parse(row.payload) as unknown,
  };
}
