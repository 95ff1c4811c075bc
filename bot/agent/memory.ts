import type { ConversationTurn, Summarise } from '../store/index.js';

const DROPPED = '… (older questions dropped)';

/**
 * Deterministic compaction: each folded turn becomes one line (the question and the start of the
 * answer); the summary keeps its newest whole lines within maxChars. No model call, so it cannot
 * fail or cost anything.
 */
export function foldTurns(maxChars: number): Summarise {
  return (previous: string, folded: readonly ConversationTurn[]) => {
    const lines = [
      ...previous.split('\n').filter((l) => l && l !== DROPPED),
      ...folded.map(
        (t) =>
          `- ${new Date(t.atMs).toISOString().slice(0, 16)}Z Q: ${clip(t.question, 200)} → A: ${clip(t.answer, 320)}`,
      ),
    ];
    const kept: string[] = [];
    let size = DROPPED.length + 1;
    for (const line of [...lines].reverse()) {
      if (size + line.length + 1 > maxChars) break;
      kept.unshift(line);
      size += line.length + 1;
    }
    if (kept.length === lines.length) return lines.join('\n');
    if (kept.length === 0) return clip(lines.at(-1)!, maxChars);
    return [DROPPED, ...kept].join('\n');
  };
}

function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}
