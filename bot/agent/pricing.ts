/**
 * USD per million tokens, the one price table. Cache writes are priced for the 5-minute TTL
 * (1.25× input), cache reads at 0.1× input. Check against the published pricing when a model is
 * added; the fleet file's claude.price overrides the table for the configured model.
 */
export interface ModelPrice {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

const tier = (input: number, output: number): ModelPrice => ({
  input,
  output,
  cacheWrite: input * 1.25,
  cacheRead: input * 0.1,
});

const OPUS_LEGACY = tier(15, 75);
const OPUS = tier(5, 25);
const SONNET = tier(3, 15);
const HAIKU = tier(1, 5);

/** By model id prefix; the longest matching prefix wins (so dated ids share their alias's price). */
export const PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-opus-4-0': OPUS_LEGACY,
  'claude-opus-4-1': OPUS_LEGACY,
  'claude-opus-4-5': OPUS,
  'claude-opus-4-6': OPUS,
  'claude-opus-4-7': OPUS,
  'claude-opus-4-8': OPUS,
  'claude-opus-5': OPUS,
  'claude-sonnet-4': SONNET,
  'claude-sonnet-5': SONNET,
  'claude-haiku-4-5': HAIKU,
  'claude-haiku-5': HAIKU,
};

/** Unknown models are charged like the dearest known one, so a cost budget errs on the safe side. */
export const FALLBACK_PRICE: ModelPrice = OPUS_LEGACY;

export function priceOf(model: string, override?: ModelPrice): { price: ModelPrice; known: boolean } {
  if (override) return { price: override, known: true };
  const key = Object.keys(PRICES)
    .filter((prefix) => model === prefix || model.startsWith(`${prefix}-`))
    .sort((a, b) => b.length - a.length)[0];
  return key ? { price: PRICES[key]!, known: true } : { price: FALLBACK_PRICE, known: false };
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
}

export const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 };

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
  };
}

export function totalTokens(u: TokenUsage): number {
  return u.inputTokens + u.outputTokens + u.cacheWriteTokens + u.cacheReadTokens;
}

export function costUsd(u: TokenUsage, price: ModelPrice): number {
  return (
    (u.inputTokens * price.input +
      u.outputTokens * price.output +
      u.cacheWriteTokens * price.cacheWrite +
      u.cacheReadTokens * price.cacheRead) /
    1_000_000
  );
}
