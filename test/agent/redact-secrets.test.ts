// Common secret forms that must not get through: prefixed variable names, URL credentials,
// Authorization headers of any scheme, GitHub tokens, JWTs; and four-part versions that are not IPs.
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../bot/agent/redact.js';

const r = (text: string) => new Redactor().text(text);

describe('secret forms', () => {
  it.each([
    ['prefixed variable', 'DB_PASSWORD=CorrectHorseBattery', 'CorrectHorseBattery', 'DB_PASSWORD=[redacted secret]'],
    ['glued prefix', 'PGPASSWORD=hunter2hunter2', 'hunter2hunter2', 'PGPASSWORD=[redacted secret]'],
    ['export', 'export SLACK_TOKEN=abcd1234efgh', 'abcd1234efgh', 'export SLACK_TOKEN=[redacted secret]'],
    ['aws secret', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENG', 'wJalrXUtnFEMIK7MDENG', 'AWS_SECRET_ACCESS_KEY='],
    ['secret key', 'DJANGO_SECRET_KEY: "s0me-l0ng-value"', 's0me-l0ng-value', 'DJANGO_SECRET_KEY: "[redacted secret]'],
    ['json', '{"client_secret": "abcXYZ123"}', 'abcXYZ123', '"client_secret": "[redacted secret]"'],
    ['query string', 'GET /cb?code=1&access_token=qwerty987', 'qwerty987', 'access_token=[redacted secret]'],
    ['header', 'X-Api-Key: k3yk3yk3y', 'k3yk3yk3y', 'X-Api-Key: [redacted secret]'],
    [
      'url credentials',
      'postgres://admin:S3cretPw@10.0.0.5:5432/db',
      'S3cretPw',
      'postgres://[redacted credentials]@[redacted ip a]:5432/db',
    ],
    [
      'token as url user',
      'git clone https://x-access-token:abc123def@github.com/o/r',
      'abc123def',
      'https://[redacted credentials]@github.com/o/r',
    ],
    [
      'authorization token scheme',
      'Authorization: token ghp_Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78',
      'ghp_',
      'Authorization: token [redacted token]',
    ],
    [
      'authorization any scheme',
      'authorization: Splunk 1f2e3d4c-aaaa-bbbb',
      '1f2e3d4c',
      'authorization: Splunk [redacted token]',
    ],
    ['authorization no scheme', 'Authorization: abcdef123456', 'abcdef123456', 'Authorization: [redacted token]'],
    ['github pat', 'token github_pat_11ABCDEFG0123456789_abcdefXYZ used', 'github_pat_', '[redacted github token]'],
    ['github app token', 'ghs_16C7e42F292c6912E7710c838347Ae178B4a leaked', 'ghs_', '[redacted github token]'],
    [
      'jwt',
      'cookie eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      'eyJ',
      'cookie [redacted token]',
    ],
    ['gitlab pat', 'GITLAB=glpat-xyzXYZabc123defGHI8 set', 'glpat-', 'GITLAB=[redacted'],
    ['stripe key', 'charged with sk_live_51HabcDEFghiJKL', 'sk_live_', 'charged with [redacted token]'],
    ['docker hub pat', 'login dckr_pat_Ab1Cd2Ef3Gh4 ok', 'dckr_pat_', 'login [redacted token] ok'],
    ['google api key', 'key AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW x', 'AIzaSy', 'key [redacted token] x'],
    [
      'bearer without digits',
      'Authorization header was Bearer abcdefghijklmnopqrstuvwx',
      'abcdefghij',
      'Bearer [redacted token]',
    ],
    ['ipv4-mapped ipv6', 'peer ::ffff:10.1.2.3 reset', '10.1.2.3', 'peer [redacted ip a] reset'],
  ])('%s', (_name, input, secret, expected) => {
    const out = r(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(expected);
  });

  it('four-part versions are not IP addresses; real IPs still are', () => {
    expect(r('agent version 1.2.3.4 on v2.0.0.1 (release: 3.1.0.7)')).toBe(
      'agent version 1.2.3.4 on v2.0.0.1 (release: 3.1.0.7)',
    );
    expect(r('edge agent 1.2.3.4 reported from 10.1.2.3')).toBe(
      'edge agent [redacted ip a] reported from [redacted ip b]',
    );
  });

  it('figures next to secret-like words are left alone', () => {
    const text = 'max tokens: 2,048; tokens=80000; input_tokens 512; the token budget holds; password rotation due';
    expect(r(text)).toBe(text);
  });

  it('an Authorization header on its own line takes nothing from the next line', () => {
    expect(r('Authorization: abcdef123456\nheadroom 23 %')).toBe('Authorization: [redacted token]\nheadroom 23 %');
  });
});
