import type { RecommendationRecord } from '../../store/index.js';
import { clip, LIMITS } from '../blocks/limits.js';
import type { SlackDeps } from '../deps.js';
import { allowed } from '../guard.js';
import { ProgressMessage } from './progress-message.js';

/** The recommendation whose message started this thread, if any. */
export function recommendationOfThread(
  deps: SlackDeps,
  channel: string,
  threadTs: string,
): RecommendationRecord | undefined {
  return deps.store
    .listRecommendations({ limit: 500 })
    .find((r) => r.messageRef?.channel === channel && r.messageRef.ts === threadTs);
}

/**
 * Operators and admins ask; the answer goes into the thread. While tools run, one message shows
 * progress ("checking headroom of us-east-1…") and is then replaced by the answer.
 */
export async function answerInThread(
  deps: SlackDeps,
  input: { channel: string; threadTs: string; userId: string; text: string; recommendation?: RecommendationRecord },
): Promise<void> {
  const refuse = (t: string) => deps.out.postEphemeral(input.channel, input.userId, t, input.threadTs);
  if (!(await allowed(deps, input.userId, 'operator', 'ask Headroom questions', refuse))) return;
  const role = await deps.roles.roleOf(input.userId);
  const progress = new ProgressMessage(deps.out, input.channel, input.threadTs, deps.log);
  const answer = await deps.questions.answer(input.text, {
    thread: { channel: input.channel, ts: input.threadTs },
    user: { id: input.userId, role },
    ...(input.recommendation ? { recommendation: input.recommendation } : {}),
    progress: (status) => progress.show(status),
  });
  await progress.replaceWith({ text: clip(answer.text, LIMITS.fallbackText * 10) });
}
