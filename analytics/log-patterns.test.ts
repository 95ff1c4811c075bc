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
      'request timed out after <n>ms: GET /api/v1/items',
    );
    expect(signatureOf('read ECONNRESET (remote 10.2.3.4:5432) request id 4df7d136a1b2c3d4')).toBe(
      'read ECONNRESET (remote <ip>) request id <hex>',
    );
    expect(signatureOf('job 123e4567-e89b-12d3-a456-426614174000 failed')).toBe('job <uuid> failed');
    expect(signatureOf('   many    spaces  ')).toBe('many spaces');
    expect(signatureOf('line\tone\n  at frame')).toBe('line one at frame');
  });

  it('folds id-like path segments and query strings but keeps versions and routes', () => {
    expect(signatureOf('GET /api/v1/users/12345/orders/ord_8f3kd92x 500')).toBe(
      'GET /api/v1/users/<id>/orders/<id> <n>',
    );
    expect(signatureOf('GET https://shop.example.com:8443/api/v2beta1/carts/98765?session=ab12&page=3 failed')).toBe(
      'GET https://shop.example.com:<n>/api/v2beta1/carts/<id>?<query> failed',
    );
    expect(signatureOf('fetched /static/app.3f9a2c1b.js in 12ms')).toBe('fetched /static/app.<hex>.js in <n>ms');
    // a ratio is not a path; HTTP/1.1 is a number after a word
    expect(signatureOf('deploy: checkout 3.9.0 rolled out (replicas 12/12)')).toBe(
      'deploy: checkout <n> rolled out (replicas <n>/<n>)',
    );
    expect(signatureOf('HTTP/1.1 502 from upstream')).toBe('HTTP/<n> <n> from upstream');
  });

  it('folds short shas, times, emails, id values and pod names; digits inside words stay', () => {
    expect(signatureOf('commit a84d88e failed')).toBe('commit <hex> failed');
    expect(signatureOf('pod checkout-7d4b9c8f6-x2k4q OOMKilled at 2026-03-04T02:00:00.123Z')).toBe(
      'pod checkout-<pod> OOMKilled at <time>',
    );
    expect(signatureOf('user alice@example.com denied: user_id=u_19f3k, traceID=abc123 session-id=9')).toBe(
      'user <email> denied: user_id=<id>, traceID=<id> session-id=<id>',
    );
    // a release is not an email; error codes and protocol names keep their digits
    expect(signatureOf('(checkout@9.9.9) http2 s3 E11000 duplicate key')).toBe(
      '(checkout@<n>) http2 s3 E11000 duplicate key',
    );
    expect(signatureOf('E11000 duplicate key')).not.toBe(signatureOf('E11001 duplicate key'));
  });

  it('folds only the first 2,000 characters of a huge or hostile line', () => {
    const tail = ' 12345'.repeat(1_000);
    expect(signatureOf(`${'a-'.repeat(20_000)}${tail}`)).toBe(`${'a-'.repeat(99)}a…`);
    // text after the first 2,000 characters is not part of the signature
    expect(signatureOf(`${'ab12'.repeat(500)} failed`)).toBe('<hex>');
    expect(signatureOf(`${'ab12'.repeat(498)} failed`)).toBe('<hex> failed');
    expect(
      signatureOf(`job 42 failed for bob@example.com${'.'.repeat(30_000)}`).startsWith('job <n> failed for <email>'),
    ).toBe(true);
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

  it('counts requests for different ids of one route as one pattern, other routes apart', () => {
    const s = summarisePatterns({
      current: [
        line('upstream returned HTTP 502 for GET /api/v1/orders/1001 (request id 4df7d136a1b2c3d4)'),
        line('upstream returned HTTP 502 for GET /api/v1/orders/1002 (request id 9a0e1f2b3c4d5e6f)'),
        line('upstream returned HTTP 502 for GET /api/v1/orders/ord_77k2m9q1 (request id 0011aabbccddeeff)'),
        line('upstream returned HTTP 502 for GET /api/v2/orders/1003 (request id 5566778899aabbcc)'),
      ],
      dayBefore: [line('upstream returned HTTP 502 for GET /api/v1/orders/17 (request id 1234567890abcdef)')],
      weekBefore: [],
    });
    expect(s.patterns.map((p) => [p.signature, p.count, p.isNew])).toEqual([
      ['upstream returned HTTP <n> for GET /api/v2/orders/<id> (request id <hex>)', 1, true],
      ['upstream returned HTTP <n> for GET /api/v1/orders/<id> (request id <hex>)', 3, false],
    ]);
  });

  it('is empty for no lines', () => {
    expect(summarisePatterns({ current: [], dayBefore: [], weekBefore: [] })).toEqual({
      patterns: [],
      lines: { current: 0, dayBefore: 0, weekBefore: 0 },
      distinctSignatures: 0,
    });
  });
});
