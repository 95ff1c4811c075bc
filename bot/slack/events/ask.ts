import type { RecommendationRecord } from '../../store/index.js';
import { untrustedText } from '../blocks/kit.js';
import { LIMITS } from '../blocks/limits.js';
import type { SlackDeps } from '../deps.js';
import { allowed } from '../guard.js';
import type { Answer } from '../questions/types.js';
import { ProgressMessage } from './progress-message.js';

/** What the thread shows when answering failed for a reason that is ours (a bug): never silence. */
export const INTERNAL_ERROR_ANSWER = ':warning: I could not answer (internal error, logged).';

const MAX_ANSWER_CHARS = LIMITS.fallbackText * 10;

/** The recommendation whose message started this thread, if any. */
export function recommendationOfThread(
  deps: SlackDeps,
  channel: string,
  threadTs: string,
): RecommendationRecord | undefined {
  return deps.store.recommendationOfMessage(channel, threadTs);
}

/**
 * An answer as Slack text. A model's text is escaped (`&`, `<`, `>`) so that whatever it was led
 * to write — `<!channel>`, `<!subteam^…>`, `<https://…|a link>`, `<@U…>` — shows as text and pings
 * or links nothing, and a bare URL it copied from data is defanged unless internal; *bold*, _italic_
 * and `code` still render. Headroom's own answers are mrkdwn
 * with their data already escaped. Cut to Slack's size without splitting an escape.
 */
export function answerText(answer: Answer): string {
  const text = answer.fromModel ? untrustedText(answer.text) : answer.text;
  if (text.length <= MAX_ANSWER_CHARS) return text;
  return `${text.slice(0, MAX_ANSWER_CHARS - 1).replace(/&[a-z]{0,3}$/, '')}…`;
}

/**
 * Operators and admins ask; the answer goes into the thread. While tools run, one message shows
 * progress ("checking headroom of us-east-1…") and is then replaced by the answer. Whatever fails
 * on the way, the thread ends with a visible answer: an error replaces the progress message with
 * INTERNAL_ERROR_ANSWER (logged), and an answer that cannot replace it is posted instead.
 */
export async function answerInThread(
  deps: SlackDeps,
  input: { channel: string; threadTs: string; userId: string; text: string; recommendation?: RecommendationRecord },
): Promise<void> {
  const refuse = (t: string) => deps.out.postEphemeral(input.channel, input.userId, t, input.threadTs);
  const progress = new ProgressMessage(deps.out, input.channel, input.threadTs, deps.log);
  let text: string;
  try {
    if (!(await allowed(deps, input.userId, 'operator', 'ask Headroom questions', refuse))) return;
    const role = await deps.roles.roleOf(input.userId);
    const answer = await deps.questions.answer(input.text, {
      thread: { channel: input.channel, ts: input.threadTs },
      user: { id: input.userId, role },
      ...(input.recommendation ? { recommendation: input.recommendation } : {}),
      progress: (status) => progress.show(status),
    });
    text = answerText(answer);
  } catch (err) {
    // Name and stack only: our own code, no question text or user data in the log line.
    deps.log.error(
      { errName: (err as Error)?.name, stack: (err as Error)?.stack, channel: input.channel },
      'answering a question failed',
    );
    text = INTERNAL_ERROR_ANSWER;
  }
  await progress.replaceWith({ text });
}
