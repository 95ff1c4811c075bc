import type { Evidence } from '../../analytics/incidents/types.js';
import type { Signal } from '../../analytics/types.js';
import type { DecisionRecord, ObservationRecord, RecommendationRevision } from '../store/index.js';

/**
 * Timeline entries from what Headroom already stores, each with an id that resolves to the record
 * behind it: `obs:<observation id>:<source>` for a signal that changed status, `rec:<id>@<revision>`,
 * `decision:<id>`.
 */

/** Signals that changed status since the previous observation (oldest first in, oldest first out). */
export function signalChanges(observations: readonly ObservationRecord[], previous?: ObservationRecord): Evidence[] {
  const out: Evidence[] = [];
  let last = previous;
  for (const obs of observations) {
    const before = new Map((last?.signals ?? []).map((s) => [s.source, s.status]));
    for (const s of obs.signals) {
      if (before.get(s.source) === s.status) continue;
      if (!last && s.status === 'ok') continue;
      out.push(signalEvidence(obs, s));
    }
    last = obs;
  }
  return out;
}

export function signalEvidence(obs: ObservationRecord, s: Signal): Evidence {
  return {
    id: `obs:${obs.id}:${s.source}`,
    kind: 'signal-change',
    atMs: obs.atMs,
    source: s.source,
    workUnit: obs.workUnit,
    summary: `${s.source} ${s.status} on ${obs.workUnit}: ${s.detail}`,
    figures: {
      ...(Number.isFinite(obs.load) ? { load: Math.round(obs.load * 10) / 10 } : {}),
      ...(Number.isFinite(obs.headroom) ? { headroom: Math.round(obs.headroom * 1000) / 1000 } : {}),
    },
    facts: { status: s.status, verdict: obs.verdict },
    status: s.status === 'unknown' ? 'unknown' : 'ok',
  };
}

interface ReportJson {
  load?: number | null;
  plan?: {
    feasible?: boolean;
    movedLoad?: number | null;
    costPerHourDelta?: number | null;
    shedRequired?: number | null;
    targets?: { workUnit: string; share: number | null; ttfbP95DeltaMs: number | null }[];
  };
}

export function recommendationEvidence(workUnit: string, rev: RecommendationRevision): Evidence {
  const report = (rev.payload as { report?: ReportJson } | null)?.report ?? {};
  const plan = report.plan ?? {};
  const ttfb = (plan.targets ?? []).map((t) => t.ttfbP95DeltaMs ?? 0);
  const figures: Record<string, number> = {};
  if (typeof report.load === 'number') figures.load = report.load;
  if (typeof plan.movedLoad === 'number') figures.movedLoad = plan.movedLoad;
  if (typeof plan.costPerHourDelta === 'number') figures.costPerHourDelta = plan.costPerHourDelta;
  if (typeof plan.shedRequired === 'number') figures.shedRequired = plan.shedRequired;
  if (ttfb.length) figures.maxTtfbP95DeltaMs = Math.max(...ttfb);
  (plan.targets ?? []).forEach((t, i) => {
    if (t.share !== null) figures[`target${i + 1}Share`] = t.share;
  });
  return {
    id: `rec:${rev.recommendationId}@${rev.revision}`,
    kind: 'recommendation',
    atMs: rev.atMs,
    source: 'headroom',
    workUnit,
    summary: `recommendation #${rev.recommendationId} revision ${rev.revision}: ${rev.summary}`,
    figures,
    facts: {
      verdict: rev.verdict,
      confidence: rev.confidence,
      targets: (plan.targets ?? []).map((t) => t.workUnit).join(','),
    },
    status: 'ok',
  };
}

export function decisionEvidence(workUnit: string, d: DecisionRecord): Evidence {
  const content = d.content as { reason?: unknown; note?: unknown };
  const why =
    typeof content.reason === 'string' ? content.reason : typeof content.note === 'string' ? content.note : '';
  return {
    id: `decision:${d.id}`,
    kind: 'decision',
    atMs: d.atMs,
    source: 'operator',
    workUnit,
    summary: `<@${d.userId}> decided ${d.kind}${d.followedRecommendation ? ' (followed the recommendation)' : ''}${why ? `: ${why}` : ''}`,
    figures: {},
    facts: { user: d.userId, kind: d.kind, followed: d.followedRecommendation },
    status: 'ok',
    untrusted: Boolean(why),
  };
}

export function lifecycleEvidence(
  workUnit: string,
  state: string,
  atMs: number,
  summary: string,
  figures: Record<string, number> = {},
): Evidence {
  return {
    id: `lifecycle:${state}`,
    kind: 'lifecycle',
    atMs,
    source: 'headroom',
    workUnit,
    summary,
    figures,
    status: 'ok',
  };
}
