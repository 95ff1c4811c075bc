import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../analytics/errors.js';
import { ClaudeRateLimiter } from '../../bot/agent/rate-limit.js';
import { CLAUDE_DEFAULTS } from '../../tools/config/claude-schema.js';
import { EXAMPLE_FLEET_FILE, parseFleetConfig } from '../../tools/config/load-fleet.js';

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('rate limits (bottleneck)', () => {
  it('requests per minute: the third request waits for the next window', async () => {
    const limiter = new ClaudeRateLimiter({ requestsPerMinute: 2, tokensPerMinute: 1_000_000, windowMs: 1_000 });
    const started: number[] = [];
    const jobs = [1, 2, 3].map((n) => limiter.schedule(10, async () => void started.push(n)));
    await until(() => started.length >= 2);
    expect(started).toEqual([1, 2]);
    expect(limiter.queued()).toBe(1);
    await Promise.all(jobs);
    expect(started).toEqual([1, 2, 3]);
    await limiter.stop();
  });

  it('tokens per minute: a request whose estimate does not fit waits; an oversized one is clamped, not stuck', async () => {
    const limiter = new ClaudeRateLimiter({ requestsPerMinute: 100, tokensPerMinute: 1_000, windowMs: 1_000 });
    const started: string[] = [];
    const a = limiter.schedule(700, async () => void started.push('a'));
    const b = limiter.schedule(700, async () => void started.push('b'));
    await until(() => started.length >= 1);
    expect(started).toEqual(['a']);
    await Promise.all([a, b]);
    await limiter.schedule(50_000, async () => void started.push('huge'));
    expect(started).toEqual(['a', 'b', 'huge']);
    await limiter.stop();
  });
});

const example = readFileSync(EXAMPLE_FLEET_FILE, 'utf8');
const withClaude = (section: string) => `${example}\nclaude:\n${section}`;
const problem = (text: string) => {
  try {
    parseFleetConfig(text, 'fleet.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(HeadroomError);
    return (err as HeadroomError).message;
  }
  throw new Error('expected a config error');
};

describe('the claude: section of the fleet file', () => {
  it('is optional: defaults are sane', () => {
    const config = parseFleetConfig(example, 'fleet.yaml');
    expect(config.claude).toEqual(CLAUDE_DEFAULTS);
    expect(CLAUDE_DEFAULTS).toMatchObject({
      enabled: true,
      model: 'claude-sonnet-5-5',
      budgets: { toolRounds: 6, tokens: 120_000, costUsd: 0.5 },
      redaction: { enabled: true, patterns: [] },
    });
  });

  it('takes model, budgets, rate limits and redaction patterns, filling in the rest', () => {
    const config = parseFleetConfig(
      withClaude(
        [
          '  model: claude-haiku-4-5',
          '  budgets: { toolRounds: 3, costUsd: 0.05 }',
          '  rateLimits: { requestsPerMinute: 10 }',
          '  redaction: { patterns: [{ name: customer, regex: "CUST-\\\\d{6}" }] }',
        ].join('\n'),
      ),
      'fleet.yaml',
    );
    expect(config.claude).toMatchObject({
      model: 'claude-haiku-4-5',
      budgets: { toolRounds: 3, costUsd: 0.05, tokens: 120_000 },
      rateLimits: { requestsPerMinute: 10, tokensPerMinute: 200_000 },
      redaction: { enabled: true, patterns: [{ name: 'customer', regex: 'CUST-\\d{6}' }] },
    });
  });

  it('unknown keys, bad numbers and regexes that do not compile are errors naming file, line and path', () => {
    const lines = example.split('\n').length;
    expect(problem(withClaude('  modle: claude-sonnet-5-5'))).toBe(
      `fleet.yaml:${lines + 2}: claude.modle: expected no unknown key "modle"`,
    );
    expect(problem(withClaude('  budgets: { toolRounds: 0 }'))).toMatch(
      new RegExp(`^fleet\\.yaml:${lines + 2}: claude\\.budgets\\.toolRounds: expected .*>=1`),
    );
    expect(problem(withClaude('  redaction: { patterns: [{ name: bad, regex: "([" }] }'))).toContain(
      'claude.redaction.patterns[0].regex: expected a valid regular expression',
    );
  });
});
