import { z } from 'zod';

/** A regular expression given as text in the fleet file; rejected at load when it does not compile. */
const regexSource = z.string().min(1).refine(compiles, 'a valid regular expression (JavaScript syntax)');

function compiles(source: string): boolean {
  try {
    new RegExp(source, 'g');
    return true;
  } catch {
    return false;
  }
}

const usdPerMillion = z.number().min(0).max(10_000);

/** Per-question limits of the Claude agent loop. */
export const claudeBudgetsSchema = z.strictObject({
  /** Model turns that may ask for tools before the loop must answer. */
  toolRounds: z.number().int().min(1).max(20).default(6),
  /** Input + output tokens (cache reads and writes included) over all turns of one question. */
  tokens: z.number().int().min(1_000).max(2_000_000).default(120_000),
  costUsd: z.number().positive().max(100).default(0.5),
  /** A tool result longer than this is cut, with a note to the model saying so. */
  toolResultChars: z.number().int().min(200).max(200_000).default(8_000),
  maxOutputTokens: z.number().int().min(64).max(64_000).default(2_048),
});

export const CLAUDE_BUDGET_DEFAULTS = claudeBudgetsSchema.parse({});

/** The `claude:` section of the fleet file. Every key has a sane default, so the section is optional. */
export const claudeSchema = z.strictObject({
  /** false: questions are answered by the deterministic what-if reader only, even with an API key. */
  enabled: z.boolean().default(true),
  model: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]*$/, 'a model id such as claude-sonnet-5-5')
    .default('claude-sonnet-5-5'),
  timeoutMs: z.number().int().min(100).max(600_000).default(60_000),
  /**
   * One question end to end — rate-limit queue, every turn, tools, the repair round. Past it the
   * question degrades like a timeout (deterministic what-if or a clear message).
   */
  deadlineMs: z.number().int().min(100).max(600_000).default(90_000),
  maxRetries: z.number().int().min(0).max(10).default(2),
  budgets: claudeBudgetsSchema.default(CLAUDE_BUDGET_DEFAULTS),
  rateLimits: z
    .strictObject({
      requestsPerMinute: z.number().int().min(1).max(100_000).default(50),
      tokensPerMinute: z.number().int().min(1_000).max(100_000_000).default(200_000),
    })
    .default({ requestsPerMinute: 50, tokensPerMinute: 200_000 }),
  redaction: z
    .strictObject({
      /** Off only for debugging against a local model; emails, IPs, keys and Slack IDs are redacted otherwise. */
      enabled: z.boolean().default(true),
      /** Extra patterns (e.g. customer ids); each match becomes "[redacted <name>]". */
      patterns: z
        .array(z.strictObject({ name: z.string().regex(/^[a-z][a-z0-9 -]*$/), regex: regexSource }))
        .default([]),
    })
    .default({ enabled: true, patterns: [] }),
  memory: z
    .strictObject({
      /** Question/answer pairs of a thread kept word for word; older ones are folded into a summary. */
      keepTurns: z.number().int().min(1).max(50).default(6),
      summaryChars: z.number().int().min(200).max(20_000).default(2_500),
    })
    .default({ keepTurns: 6, summaryChars: 2_500 }),
  /** USD per million tokens, for a model missing from the built-in price table or to follow a price change. */
  price: z
    .strictObject({
      input: usdPerMillion,
      output: usdPerMillion,
      cacheWrite: usdPerMillion,
      cacheRead: usdPerMillion,
    })
    .optional(),
});

export type ClaudeConfig = z.infer<typeof claudeSchema>;
export type ClaudeBudgets = z.infer<typeof claudeBudgetsSchema>;

/** The section as if the fleet file had none. */
export const CLAUDE_DEFAULTS: ClaudeConfig = claudeSchema.parse({});
