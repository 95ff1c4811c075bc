import { loadPrompt } from './prompts.js';

/** A tool result cut to maxChars, with a note that tells the model it was cut and how to ask for less. */
export function truncateToolText(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  const note = loadPrompt('truncated-note', { shown: String(maxChars), total: String(text.length) });
  return { text: `${text.slice(0, maxChars)}\n${note}`, truncated: true };
}
