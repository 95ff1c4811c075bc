import type { RecommendationRecord } from '../../store/index.js';
import type { Role } from '../roles.js';

/** Where a question was asked and by whom; the recommendation when asked in its thread. */
export interface QuestionContext {
  thread: { channel: string; ts: string };
  recommendation?: RecommendationRecord;
  user: { id: string; role: Role };
}

export interface Answer {
  /** Slack mrkdwn. */
  text: string;
}

/**
 * Answers questions asked in recommendation threads and @mentions. The deterministic handler
 * answers structured what-if forms; the Claude agent loop plugs in here later.
 */
export interface QuestionHandler {
  answer(question: string, context: QuestionContext): Promise<Answer>;
}
