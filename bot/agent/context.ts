import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { Conversation, RecommendationRecord } from '../store/index.js';
import { loadPrompt } from './prompts.js';
import type { Redactor } from './redact.js';
import { dataBlock, neutraliseValue } from './untrusted.js';

export interface ContextInput {
  question: string;
  nowMs: number;
  conversation?: Conversation;
  recommendation?: RecommendationRecord;
  redactor: Redactor;
  /** The recommendation's payload is cut to this many characters. */
  maxChars: number;
  /** The registry's tool names: "call <tool>" in the recommendation's text is a sign of an injection. */
  toolNames?: readonly string[];
}

/** The recommendation that opened the thread, as the model sees it: redacted, neutralised, delimited. */
export function recommendationData(
  rec: RecommendationRecord,
  redactor: Redactor,
  maxChars: number,
  toolNames: readonly string[] = [],
): string {
  const { value } = neutraliseValue(
    {
      id: rec.id,
      workUnit: rec.workUnit,
      verdict: rec.verdict,
      confidence: rec.confidence,
      summary: rec.summary,
      openedAt: new Date(rec.openedAtMs).toISOString(),
      updatedAt: new Date(rec.updatedAtMs).toISOString(),
      closed: rec.closedAtMs !== null,
      payload: rec.payload,
    },
    toolNames,
  );
  const json = JSON.stringify(redactor.value(value));
  const clipped = json.length <= maxChars ? json : `${json.slice(0, maxChars)}… [cut]`;
  return dataBlock(`recommendation that opened this thread`, clipped);
}

/**
 * The messages of one question: the thread's kept turns as user/assistant pairs, then one user
 * message with the thread context (data blocks) and the operator's question.
 */
export function buildMessages(input: ContextInput): {
  messages: MessageParam[];
  question: string;
  recommendation: string;
} {
  const { redactor } = input;
  const question = redactor.text(input.question);
  const recommendation = input.recommendation
    ? recommendationData(input.recommendation, redactor, input.maxChars, input.toolNames)
    : '';
  const conversation = input.conversation;
  const summary = conversation?.summary
    ? dataBlock(
        `summary of ${conversation.foldedTurns} earlier question(s) in this thread`,
        redactor.text(conversation.summary),
      )
    : '';
  const context = loadPrompt('thread-context', {
    now: new Date(input.nowMs).toISOString(),
    recommendation,
    summary,
  });
  const messages: MessageParam[] = [];
  for (const turn of conversation?.turns ?? []) {
    // Stored turns were redacted when written; redacting again costs little and covers older rows.
    messages.push(
      { role: 'user', content: redactor.text(turn.question) },
      { role: 'assistant', content: redactor.text(turn.answer) },
    );
  }
  messages.push({ role: 'user', content: `${context}\n\nThe operator asks:\n${question}` });
  return { messages, question, recommendation };
}
