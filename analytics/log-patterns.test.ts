import { describe, expect, it } from 'vitest';
import { type PatternLine, signatureOf, summarisePatterns } from './log-patterns.js';

const line = (message: string, level = 'error', timeMs = 0, service = 'api'): PatternLine => ({
  timeMs,
  service,
  level,
  message,
});

describe('signatureOf', () => {
  it('folds ids, addresses and numbers into placeholders', () => {
    expect(signatureOf('request timed out after 30000ms: GET /api/v1/items')).toBe(
      'request timed out after <n>ms: GET /api/v<n>/items',
    );
    expect(signatureOf('read ECONNRESET (remote 10.2.3.4:5432) request id 4df7d136a1b2c3d4')).toBe(
      'read ECONNRESET (remote <ip>) request id <hex>',
    );
    expect(signatureOf('job 123e4567-e89b-12d3-a456-426614174000 failed')).toBe('job <uuid> failed');
    expect(signatureOf('   many    spaces  ')).toBe('many spaces');
  });

  it('keeps words that only look like hex (no digit) and caps the length', () => {
    expect(signatureOf('deadbeefcafe failed')).toBe('deadbeefcafe failed');
    expect(signatureOf('x'.repeat(500)).length).toBe(200);
  });
});

describe('summarisePatterns', () => {
  const yesterday = [line('pool exhausted after 5000ms'), line('pool exhausted after 5100ms'), line('upstream 502')];
  const lastWeek = [line('upstream 502'), line('upstream 502')];
  const now = [
    line('TypeError at CheckoutHandler.total (checkout@9.9.9)', 'error', 30, 'checkout'),
    line('TypeError at CheckoutHandler.total (checkout@9.9.9)', 'fatal', 10, 'checkout'),
    line('upstream 502', 'error', 20),
    line('upstream 502', 'warn', 25),
    line('upstream 502', 'error', 26),
    line('upstream 502', 'error', 27, 'edge-gateway'),
    line('pool exhausted after 6000ms', 'error', 40),
    line('GET /items 200 3ms', 'info', 41),
  ];

  it('ranks new signatures first, then by count, with the earlier windows’ counts and growth', () => {
    const s = summarisePatterns({ current: now, dayBefore: yesterday, weekBefore: lastWeek });
    expect(
      s.patterns.map((p) => [p.signature, p.count, p.dayBeforeCount, p.weekBeforeCount, p.isNew, p.growth]),
    ).toEqual([
      ['TypeError at CheckoutHandler.total (checkout@<n>)', 2, 0, 0, true, null],
      ['upstream <n>', 4, 1, 2, false, 2],
      ['pool exhausted after <n>ms', 1, 2, 0, false, 0.5],
    ]);
    expect(s.patterns[0]).toMatchObject({ level: 'fatal', firstSeenMs: 10, lastSeenMs: 30, services: ['checkout'] });
    expect(s.patterns[1]!.services).toEqual(['api', 'edge-gateway']);
    expect(s.lines).toEqual({ current: 7, dayBefore: 3, weekBefore: 2 });
    expect(s.distinctSignatures).toBe(3);
  });

  it('keeps the top N and ignores lines below the level', () => {
    const s = summarisePatterns({ current: now, dayBefore: [], weekBefore: [] }, { top: 1, minLevel: 'error' });
    expect(s.patterns.map((p) => p.signature)).toEqual(['upstream <n>']);
    expect(s.lines.current).toBe(6);
    expect(s.distinctSignatures).toBe(3);
  });

  it('is empty for no lines', () => {
    expect(summarisePatterns({ current: [], dayBefore: [], weekBefore: [] })).toEqual({
      patterns: [],
      lines: { current: 0, dayBefore: 0, weekBefore: 0 },
      distinctSignatures: 0,
    });
  });
});
