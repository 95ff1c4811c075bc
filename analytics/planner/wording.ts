// Plain-text number formats for the planner's reasons, notes and stage descriptions. No locale
// (the output must not depend on where it runs), no emoji, no markup: the edges format further.

export const percent = (fraction: number): string => `${Math.round(fraction * 100)} %`;

/** "12,345": thousands separated, the same wherever it runs. */
export const grouped = (x: number): string => {
  const whole = Math.round(x);
  return `${whole < 0 ? '−' : ''}${String(Math.abs(whole)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
};

export const rps = (load: number): string => `${grouped(load)} rps`;

export const signedMs = (ms: number): string => `${ms >= 0 ? '+' : '−'}${grouped(Math.abs(ms))} ms`;

export const signedDollars = (dollars: number): string => `${dollars >= 0 ? '+' : '−'}$${Math.abs(dollars).toFixed(2)}`;

export function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
