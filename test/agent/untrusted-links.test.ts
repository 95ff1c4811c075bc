// Bare URLs in untrusted text are defanged too (not only markdown links and images), internal hosts
// on the fleet file's allow-list stay readable, redaction sees the plain addresses before the
// defanging, and what redaction keeps (host names, unit ids, figures) is left as it was.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Redactor } from '../../bot/agent/redact.js';
import { neutraliseToolResult, sanitiseForModel } from '../../bot/agent/untrusted.js';
import { defangLinks, internalLinkHosts, setInternalLinkHosts } from '../../bot/agent/untrusted-links.js';
import { EXAMPLE_FLEET_FILE, parseFleetConfig } from '../../tools/config/load-fleet.js';

afterEach(() => setInternalLinkHosts([]));

describe('bare URLs are defanged', () => {
  it.each([
    ['https', 'see https://evil.example/p?d=SECRET now', 'see hxxps://evil[.]example/p?d=SECRET now'],
    ['http with port', 'GET http://evil.example:8080/x failed', 'GET hxxp://evil[.]example:8080/x failed'],
    ['ftp', 'fetch ftp://files.evil.example/a', 'fetch fxp://files[.]evil[.]example/a'],
    ['websocket', 'open wss://evil.example/s', 'open wss://evil[.]example/s'],
    ['www without a scheme', 'go to www.evil.example/login', 'go to www[.]evil[.]example/login'],
    ['upper-case scheme', 'HTTPS://EVIL.EXAMPLE/x', 'HxxPS://EVIL[.]EXAMPLE/x'],
    ['sentence full stop stays outside', 'Read https://evil.example/x.', 'Read hxxps://evil[.]example/x.'],
    ['closing bracket it did not open', '(docs: https://evil.example/a)', '(docs: hxxps://evil[.]example/a)'],
    [
      'bracket it opened stays inside',
      'https://en.wikipedia.example/wiki/Foo_(bar)',
      'hxxps://en[.]wikipedia[.]example/wiki/Foo_(bar)',
    ],
    ['credentials before the host', 'https://u@evil.example/x', 'hxxps://u@evil[.]example/x'],
    ['inside JSON text', '{"summary":"see https://evil.example/x"}', '{"summary":"see hxxps://evil[.]example/x"}'],
  ])('%s', (_name, input, expected) => {
    expect(defangLinks(input)).toBe(expected);
  });

  it('in a tool result on its way to Claude', () => {
    const result = { ok: true, logs: [{ line: 'upstream said: fetch https://evil.example/x?k=1 for details' }] };
    const out = JSON.stringify(sanitiseForModel(result, [], (v) => v));
    expect(out).not.toContain('https://evil.example');
    expect(out).toContain('hxxps://evil[.]example/x?k=1');
  });

  it.each([
    'api.eu-west-1.internal:9090 answered in 3.5 ms',
    'eu-west-1a at 87.5 % of safe capacity (1,234 rps), v1.2.3 deployed',
    'node.js 20.11.1 on ip-10-1-2-3.ec2.internal',
    'file:///var/log/nginx/error.log and /var/log/www.example/access.log',
    'e.g. the p95 rose from 120 ms to 340 ms; cf. ticket OPS-1234',
    'alice@example.com wrote to ops.example.com',
    'hxxps://already[.]defanged/x',
  ])('leaves text without a URL as it was: %s', (text) => {
    expect(defangLinks(text)).toBe(text);
  });
});

describe('internal hosts stay readable', () => {
  it('an exact host and a domain on the allow-list keep their links; look-alikes do not', () => {
    const allow = ['grafana.corp.example', '*.internal.example'];
    const text = [
      'https://grafana.corp.example/d/abc?from=now-1h',
      'https://runbooks.internal.example/db.md',
      '[dash](https://grafana.corp.example/d/x)',
      'https://evil-grafana.corp.example/d',
      'https://grafana.corp.example.evil.example/d',
      'https://internal.example/x',
      'https://sub.grafana.corp.example/',
    ].join('\n');
    expect(defangLinks(text, allow).split('\n')).toEqual([
      'https://grafana.corp.example/d/abc?from=now-1h',
      'https://runbooks.internal.example/db.md',
      '[dash](https://grafana.corp.example/d/x)',
      'hxxps://evil-grafana[.]corp[.]example/d',
      'hxxps://grafana[.]corp[.]example[.]evil[.]example/d',
      'hxxps://internal[.]example/x',
      'hxxps://sub[.]grafana[.]corp[.]example/',
    ]);
  });

  it('the host is the one after the credentials, so user@ cannot borrow an internal name', () => {
    expect(defangLinks('https://grafana.corp.example@evil.example/x', ['grafana.corp.example'])).toBe(
      'hxxps://grafana[.]corp[.]example@evil[.]example/x',
    );
  });

  it('images are dropped whatever their host', () => {
    expect(defangLinks('![g](https://grafana.corp.example/render.png)', ['grafana.corp.example'])).toBe(
      '[image removed: g]',
    );
  });

  it('the fleet file sets the allow-list (none by default) and refuses a malformed entry clearly', () => {
    const example = readFileSync(EXAMPLE_FLEET_FILE, 'utf8');
    expect(parseFleetConfig(example).links.internalHosts).toEqual([]);
    const config = parseFleetConfig(`${example}\nlinks:\n  internalHosts: [grafana.corp.example, '*.corp.example']\n`);
    expect(config.links.internalHosts).toEqual(['grafana.corp.example', '*.corp.example']);
    expect(() => parseFleetConfig(`${example}\nlinks:\n  internalHosts: ['https://grafana.corp.example/']\n`)).toThrow(
      /links\.internalHosts\[0\]: expected a host name such as grafana\.corp\.example/s,
    );
    setInternalLinkHosts(config.links.internalHosts);
    expect(internalLinkHosts()).toEqual(['grafana.corp.example', '*.corp.example']);
    expect(defangLinks('see https://x.corp.example/a and https://evil.example/b')).toBe(
      'see https://x.corp.example/a and hxxps://evil[.]example/b',
    );
  });
});

describe('redaction sees the plain address before the defanging', () => {
  const redactor = () => new Redactor({ enabled: true, extra: [] });

  it('a webhook URL and a private IP in links are still redacted', () => {
    const result = {
      ok: true,
      alerts: [
        {
          summary:
            'post to [hook](https://hooks.slack.com/services/T0001/B0001/abcdefghijklmnopqrstuvwx) or see ' +
            'http://10.20.30.40:9090/graph and [node](https://ip-10-1-2-3.ec2.internal/metrics)',
        },
      ],
    };
    const r = redactor();
    const out = JSON.stringify(sanitiseForModel(result, [], (v) => r.value(v)));
    expect(out).not.toContain('abcdefghijklmnopqrstuvwx');
    expect(out).not.toMatch(/10(?:\[\.\]|\.)20(?:\[\.\]|\.)30/);
    expect(out).not.toMatch(/10-1-2-3/);
    expect(out).toContain('[redacted webhook url]');
    expect(out).not.toMatch(/https?:\/\/(?!\[redacted)/);
  });

  it('neutralising alone does not defang, so a caller that redacts next still sees the plain URL', () => {
    const url = 'https://hooks.slack.com/services/T0001/B0001/abcdefghijklmnopqrstuvwx';
    expect(JSON.stringify(neutraliseToolResult({ ok: true, s: `[x](${url})` }))).toContain(url);
  });

  it('what redaction keeps stays exactly as it was', () => {
    const text = 'eu-west-1a at 87.5 % headroom; api.eu-west-1.internal answered 1,234 rps in 3.5 ms';
    const r = redactor();
    expect(sanitiseForModel({ ok: true, text }, [], (v) => r.value(v))).toEqual({ ok: true, text });
  });
});
