import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { DecisionKind } from '../../store/index.js';
import { when } from '../blocks/kit.js';
import type { SlackDeps } from '../deps.js';

export interface DecisionRef {
  id: number;
  rev: number;
}

/** The button's value: which recommendation, and which revision the operator was looking at. */
export function decisionRef(value: string | undefined): DecisionRef | null {
  try {
    const v = JSON.parse(value ?? '') as Partial<DecisionRef>;
    return Number.isInteger(v.id) && Number.isInteger(v.rev) ? { id: v.id!, rev: v.rev! } : null;
  } catch {
    return null;
  }
}

/**
 * Records a decision (the store writes it to the audit log with user, time and content) and edits the
 * recommendation's message so the channel sees who decided what.
 */
export async function recordDecision(
  deps: SlackDeps,
  input: { ref: DecisionRef; userId: string; kind: DecisionKind; content: Record<string, unknown> },
): Promise<{ ok: true } | { ok: false; text: string }> {
  const rec = deps.store.getRecommendation(input.ref.id);
  if (!rec) return { ok: false, text: `Recommendation #${input.ref.id} does not exist.` };
  if (rec.closedAtMs !== null) return { ok: false, text: closedText(rec) };
  deps.store.recordDecision({
    recommendationId: rec.id,
    userId: input.userId,
    atMs: deps.now(),
    kind: input.kind,
    content: { ...input.content, revisionSeen: input.ref.rev, currentRevision: rec.revision },
    followedRecommendation: input.kind === 'follow',
  });
  await deps.poster.sync(rec.id);
  return { ok: true };
}

/** Said when a button or form of a closed recommendation is used (an old copy of the message). */
export function closedText(rec: {
  id: number;
  workUnit: string;
  closedAtMs: number | null;
  resolution: string | null;
}) {
  return `Recommendation #${rec.id} for ${rec.workUnit} was closed (${rec.resolution ?? 'closed'}) at ${when(rec.closedAtMs ?? 0)}; nothing was recorded.`;
}

/** Where to send an ephemeral note to the clicking user. */
export function ephemeralTo(deps: SlackDeps, body: BlockAction) {
  return (text: string) => {
    const channel = body.channel?.id ?? body.container?.channel_id;
    if (!channel) return Promise.resolve();
    return deps.out.postEphemeral(channel, body.user.id, text);
  };
}

export type ButtonArgs = { body: BlockAction; action: ButtonAction };
