import type { StopReason } from './types.js';

// What Headroom adds to Claude's answer, in its own voice (Slack mrkdwn). Kept apart from the
// model's text so the number check never sees Headroom's own figures.

export function budgetNote(stop: StopReason, limits: { toolRounds: number; tokens: number; costUsd: number }): string {
  switch (stop) {
    case 'budget:toolRounds':
      return `_Stopped after ${limits.toolRounds} rounds of tool calls (the limit for one question); the answer uses what those tools returned._`;
    case 'budget:tokens':
      return `_Stopped: this question reached its budget of ${limits.tokens.toLocaleString('en-US')} tokens. This is what was known by then; ask a narrower question for more._`;
    case 'budget:costUsd':
      return `_Stopped: this question reached its cost budget of $${limits.costUsd.toFixed(2)}. This is what was known by then; ask a narrower question for more._`;
    case 'max_tokens':
      return '_The answer was cut at the output limit._';
    default:
      return '';
  }
}

export function unverifiedNote(figures: readonly string[]): string {
  return `:warning: _Not found in any tool result of this question, so not verified: ${figures.map((f) => `“${f}”`).join(', ')} (marked ⚠︎)._`;
}

export function noAnswerYet(calls: readonly { name: string; refused: boolean }[]): string {
  const ran = calls.filter((c) => !c.refused).map((c) => `\`${c.name}\``);
  return ran.length
    ? `I had not finished when the budget ran out. Tools consulted: ${[...new Set(ran)].join(', ')}.`
    : 'I had not started answering when the budget ran out.';
}

export function injectionNote(): string {
  return '_Some alert or log text in this thread looked like instructions to an assistant; it was treated as data and not followed._';
}
