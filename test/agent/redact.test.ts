import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../bot/agent/redact.js';

const r = () => new Redactor();

describe('redaction rules', () => {
  it.each([
    ['email', 'page alice.smith+oncall@example.co.uk now', '[redacted email a]'],
    ['ipv4', 'from 10.20.30.40 and 192.168.0.1/24', '[redacted ip a]'],
    ['ipv6 full', 'peer 2001:0db8:85a3:0000:0000:8a2e:0370:7334', '[redacted ip a]'],
    ['ipv6 short', 'peer fe80::1ff:fe23:4567:890a or ::1', '[redacted ip a]'],
    ['slack bot token', 'token xoxb-1234567890-0987654321-AbCdEfGhIjKl', '[redacted slack token]'],
    ['slack app token', 'xapp-1-A0123-456-abcdef0123', '[redacted slack token]'],
    ['anthropic key', 'key sk-ant-api03-AbCdEf_0123456789-xyz', '[redacted api key]'],
    ['aws key', 'AKIAIOSFODNN7EXAMPLE was used', '[redacted aws key]'],
    ['bearer', 'Authorization: Bearer eyJhbGciOi.J9x1.abc123', 'Bearer [redacted token]'],
    ['hex secret', 'sig 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', '[redacted secret]'],
    ['base64 secret', 'secret aGVsbG8gd29ybGQgdGhpcyBpcyBhIHNlY3JldDEy', '[redacted secret]'],
    ['password assignment', 'db password=hunter2!x', 'password=[redacted secret]'],
    ['slack mention', 'ask <@U012AB3CD> or <@W0123ABCD|bob>', '[redacted user a]'],
    ['bare slack id', 'decided by U012AB3CD', '[redacted user a]'],
  ])('%s', (_name, input, placeholder) => {
    const out = r().text(input);
    expect(out).toContain(placeholder);
    expect(out).not.toMatch(
      /alice|10\.20|2001:0db8|fe80|xox|xapp|sk-ant|AKIA|eyJ|9f86d0|aGVsbG8|hunter2|U012AB3CD|W0123ABCD/,
    );
  });

  it('leaves the fleet vocabulary alone: unit ids, times, dates, error codes, figures', () => {
    const text =
      'eu-west-1 at 21:10:00 on 2026-03-03T21:10:00Z: UNKNOWN_WORK_UNIT, UNAVAILABLE, 12,345 rps, 23 %, p95 180 ms, v1.2.3, claude-sonnet-5-5';
    expect(r().text(text)).toBe(text);
  });

  it('redacts every string of a JSON value, keeping numbers and shape', () => {
    expect(r().value({ who: 'bob@example.com', ips: ['10.0.0.1'], n: 3, nested: { t: 'xoxb-123456-abcdef' } })).toEqual(
      {
        who: '[redacted email a]',
        ips: ['[redacted ip a]'],
        n: 3,
        nested: { t: '[redacted slack token]' },
      },
    );
  });

  it('extra patterns from config, and off when disabled', () => {
    const custom = new Redactor({ enabled: true, extra: [{ name: 'customer', regex: 'CUST-\\d{6}' }] });
    expect(custom.text('ticket for CUST-123456')).toBe('ticket for [redacted customer]');
    expect(new Redactor({ enabled: false, extra: [] }).text('bob@example.com')).toBe('bob@example.com');
  });

  it('counts what it replaced (for logs) without keeping the values', () => {
    const red = r();
    red.text('a@b.io c@d.io 10.0.0.1');
    expect(Object.fromEntries(red.counts)).toEqual({ email: 2, ipv4: 1 });
  });

  it('property: random emails, IPv4 addresses and Slack tokens never survive', () => {
    const email = fc
      .tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,10}$/), fc.stringMatching(/^[a-z]{2,8}$/))
      .map(([u, d]) => `${u}@${d}.com`);
    const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
    const token = fc.stringMatching(/^[A-Za-z0-9]{10,30}$/).map((s) => `xoxb-${s}`);
    fc.assert(
      fc.property(fc.oneof(email, ipv4, token), fc.string({ maxLength: 20 }), (secret, noise) => {
        const out = r().text(`${noise.replace(/[\w@.:-]/g, ' ')} ${secret} end`);
        return !out.includes(secret);
      }),
    );
  });
});
