import type { RecommendationRecord } from '../../store/index.js';
import type { Role } from '../roles.js';

/** Where a question was asked and by whom; the recommendation when asked in its thread. */
export interface QuestionContext {
  thread: { channel: string; ts: string };
  recommendation?: RecommendationRecord;
  user: { id: string; role: Role };
  /** Called as the answer progresses ("checking headroom of us-east-1…"); the Slack layer shows it. */
  progress?: (status: string) => void;
}

export interface Answer {
  /** Slack mrkdwn. */
  text: string;
  /**
   * The text was written by a model (untrusted): the Slack layer escapes it before posting, so it
   * cannot mention (`<!channel>`, `<@U…>`) or link. Headroom's own text escapes its data itself.
   */
  fromModel?: boolean;
}

/**
 * Answers questions asked in recommendation threads and @mentions. The deterministic handler
 * answers structured what-if forms; ClaudeQuestionHandler (claude.ts) answers anything, through the tools.
 */
export interface QuestionHandler {
  answer(question: string, context: QuestionContext): Promise<Answer>;
}
