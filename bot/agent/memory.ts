import type { ConversationTurn, Summarise } from '../store/index.js';

/**
 * Deterministic compaction: each folded turn becomes one line (question and the start of the
 * answer); the summary keeps its newest maxChars. No model call, so it cannot fail or cost.
 */
export function foldTurns(maxChars: number): Summarise {
  return (previous: string, folded: readonly ConversationTurn[]) => {
    const lines = folded.map(
      (t) =>
        `- ${new Date(t.atMs).toISOString().slice(0, 16)}Z Q: ${clip(t.question, 200)} → A: ${clip(t.answer, 320)}`,
    );
    const summary = [previous, ...lines].filter(Boolean).join('\n');
    return summary.length <= maxChars ? summary : `…${summary.slice(summary.length - maxChars + 1)}`;
  };
}

function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}
