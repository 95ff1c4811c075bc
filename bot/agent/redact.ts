/**
 * Redaction: what must never reach the model (or come back out of it). Applied to the question,
 * thread history, recommendation text and every tool result before a request is built, and to the
 * answer before it is posted. Placeholders carry no digits, so they never look like figures.
 *
 * IP addresses, emails and Slack user ids get stable placeholders: within one Redactor the same
 * value always becomes the same `[redacted ip a]`, a different one `[redacted ip b]`, so series and
 * people stay distinguishable. The agent makes one Redactor per question, the MCP server one per
 * result: the letters mean nothing across questions or results.
 */

import { ADDRESS_CLASS_RULES } from './redact-address-classes.js';
import { SECRET_CLASS_RULES } from './redact-secret-classes.js';
import { labelledAsTraceOrCommit, labelledAsUser, letters, looksRandom } from './redact-shapes.js';

/** What a rule's replace function sees of one match. */
export interface RuleMatch {
  match: string;
  /** Capture groups, by position (undefined when a group did not take part). */
  groups: readonly (string | undefined)[];
  /** Up to 64 characters before the match; for a string inside a JSON value, prefixed by its key. */
  before: string;
}

/** Stable, digit-free placeholders for one Redactor: `[redacted ip a]`, `[redacted ip b]`, … */
export interface Placeholders {
  stable(kind: 'ip' | 'email' | 'user', value: string): string;
}

export interface RedactionRule {
  name: string;
  pattern: RegExp;
  /** What replaces a match: a string, or a function of it; a function returning undefined keeps the match. */
  replace: string | ((m: RuleMatch, placeholders: Placeholders) => string | undefined);
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const H = '[0-9A-Fa-f]{1,4}';

/**
 * Names that hold a secret when something is assigned to them, with any prefix: `password=`,
 * `DB_PASSWORD=`, `PGPASSWORD=`, `SLACK_TOKEN=`, `?access_token=`, `"client_secret": "…"`. Nothing
 * may follow the name but a quote and `:` or `=`, so `tokens: 80,000` stays a figure.
 */
const SECRET_NAME =
  '(?:pass(?:word|wd|phrase)|secret(?:[_-]?key)?|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)';
/** A whole JSON key that names a secret (its string value is the secret). */
const SECRET_KEY = new RegExp(`^[A-Za-z0-9_-]*${SECRET_NAME}$`, 'i');
/** A plain count: `2048`, `80,000`, `1.5`. Assigned to a `…token` name it is a limit, not a token. */
const PLAIN_NUMBER = /^\d+(?:[.,_]\d+)*$/;

/** A token-named value that is a count (`max_token=2048`), not a token. */
function isTokenCount(name: string, value: string): boolean {
  return /token$/i.test(name) && PLAIN_NUMBER.test(value);
}

/** The built-in rules, most specific first (a Slack token must not be half-eaten by the base64 rule). */
export const BUILT_IN_RULES: readonly RedactionRule[] = [
  ...SECRET_CLASS_RULES,
  {
    // An HTTP Authorization header with any scheme: "Authorization: token ghp_…", "Authorization: Digest …".
    // The credential must look like one (8+ characters, or 4+ with a digit): "authorization: denied for user" stays.
    name: 'authorization header',
    pattern:
      /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)([A-Za-z][A-Za-z0-9._-]*)([ \t]+)(?!\[redacted)([^\s"',;]+)/gi,
    replace: ({ groups: [head, scheme, gap, credential] }) =>
      credential!.length >= 8 || (credential!.length >= 4 && /\d/.test(credential!))
        ? `${head}${scheme}${gap}[redacted token]`
        : undefined,
  },
  {
    // The header with no scheme, the credential alone up to the end of the value.
    name: 'authorization header',
    pattern: /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?!\[redacted)[^\s"',;]{6,}(?=["',;]|\s*$)/gim,
    replace: ({ groups: [head] }) => `${head}[redacted token]`,
  },
  {
    // user:password@ (or a token as the user) in a URL: postgres://admin:S3cret@db:5432/app.
    name: 'url credentials',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)(?!\[redacted)[^\s/?#@:]+(?::[^\s/?#@]*)?@/gi,
    replace: ({ groups: [scheme] }) => `${scheme}[redacted credentials]@`,
  },
  { name: 'slack token', pattern: /\bx(?:ox[abposre]|app)-[A-Za-z0-9-]{6,}/g, replace: '[redacted slack token]' },
  { name: 'anthropic key', pattern: /\bsk-ant-[A-Za-z0-9_-]{8,}/g, replace: '[redacted api key]' },
  { name: 'api key', pattern: /\bsk-[A-Za-z0-9_-]{20,}/g, replace: '[redacted api key]' },
  {
    name: 'github token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_[A-Za-z0-9_]{16,})/g,
    replace: '[redacted github token]',
  },
  { name: 'aws key', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, replace: '[redacted aws key]' },
  {
    // Tokens whose issuers mark them with a prefix: GitLab, Stripe, Docker Hub, npm, Hugging Face,
    // Google API keys and OAuth access tokens, Shopify. Short ones too: the prefix is the evidence.
    name: 'prefixed token',
    pattern:
      /\b(?:glpat-[A-Za-z0-9_-]{16,}|[spr]k_(?:live|test)_[A-Za-z0-9]{10,}|dckr_pat_[A-Za-z0-9_-]{10,}|npm_[A-Za-z0-9]{30,}|hf_[A-Za-z0-9]{30,}|AIza[0-9A-Za-z_-]{35}|ya29\.[0-9A-Za-z_-]{20,}|shp(?:at|ss|ca)_[a-fA-F0-9]{32})/g,
    replace: '[redacted token]',
  },
  {
    // A JSON Web Token: base64url header '{"…' (eyJ), payload, optional signature.
    name: 'jwt',
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}(?:\.[A-Za-z0-9_-]*)?/g,
    replace: '[redacted token]',
  },
  {
    // With a digit from 8 characters; without one from 20 ("Bearer authentication" stays prose).
    name: 'bearer token',
    pattern:
      /\b([Bb]earer|Basic)(\s+)(?!\[redacted)(?:(?=[A-Za-z0-9._~+/-]*\d)[A-Za-z0-9._~+/-]{8,}|[A-Za-z0-9._~+/-]{20,})=*/g,
    replace: ({ groups: [scheme, gap] }) => `${scheme}${gap}[redacted token]`,
  },
  {
    // A count assigned to a token-named limit (`max_token=2048`, `token: 80000`) is a figure, not a token.
    name: 'secret assignment',
    pattern: new RegExp(
      `(?<![A-Za-z0-9])(([A-Za-z0-9_-]*${SECRET_NAME})["']?\\s*[:=]\\s*["']?)(?!\\[redacted)([^\\s"',;]{4,})`,
      'gi',
    ),
    replace: ({ groups: [head, name, value] }) =>
      isTokenCount(name!, value!) ? undefined : `${head}[redacted secret]`,
  },
  ...ADDRESS_CLASS_RULES,
  {
    name: 'email',
    pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g,
    replace: ({ match }, p) => p.stable('email', match.toLowerCase()),
  },
  {
    // An IPv4 address written as IPv6 (::ffff:10.1.2.3): one address, one placeholder.
    name: 'ipv4-mapped ipv6',
    pattern: new RegExp(`(?<![\\w:])::ffff:(?:0{1,4}:)?${OCTET}(?:\\.${OCTET}){3}(?![\\w.])`, 'gi'),
    replace: ({ match }, p) => p.stable('ip', match.toLowerCase()),
  },
  {
    name: 'ipv6',
    // Full eight groups, or a "::" form. Clock times (21:10:00) never contain "::" nor eight groups.
    pattern: new RegExp(
      `(?<![\\w:])(?:(?:${H}:){7}${H}|(?:${H}:){1,7}:(?:${H}(?::${H}){0,6})?|::(?:${H}(?::${H}){0,6}))(?![\\w:])`,
      'g',
    ),
    replace: ({ match }, p) => p.stable('ip', match.toLowerCase()),
  },
  {
    name: 'ipv4',
    // Not a four-part version: "v1.2.3.4", "version 1.2.3.4", "release: 10.0.0.1".
    pattern: new RegExp(
      `(?<![\\w.])(?<!\\b(?:v|ver|version|release)\\.?\\s*[:=]?\\s*)${OCTET}(?:\\.${OCTET}){3}(?:/\\d{1,2})?(?![\\w.])`,
      'gi',
    ),
    replace: ({ match }, p) => p.stable('ip', match),
  },
  {
    name: 'slack user mention',
    pattern: /<@([UWB][A-Z0-9]+)(?:\|[^>]*)?>/g,
    replace: ({ groups: [id] }, p) => p.stable('user', id!),
  },
  {
    // A bare id: U or W, then 8–11 upper-case letters and digits with a digit among them. Slack has
    // issued ids of the form U0…/W0… for years (U012AB3CD, U04ABCD1234, W0123ABCD): those go
    // anywhere. Any other id of that shape only when introduced as a person (`user U…`,
    // `"userId": "U…"`, `decided by U…`): hostnames (`W2K19SRV01`) and names (`USEAST1PROD`) stay.
    name: 'slack user id',
    pattern: /\b[UW](?=[A-Z0-9]*\d)[A-Z0-9]{8,11}\b/g,
    replace: ({ match, before }, p) =>
      match[1] === '0' || labelledAsUser(before) ? p.stable('user', match) : undefined,
  },
  {
    // Long hex (API keys are often hex) unless a 32-, 40- or 64-digit value is labelled as a trace
    // or span id, a commit, a revision or a deploy's SHA: `trace_id=…`, `"traceId": "…"`, `commit …`.
    name: 'hex secret',
    pattern: /\b[0-9a-fA-F]{32,}\b/g,
    replace: ({ match, before }) =>
      [32, 40, 64].includes(match.length) && labelledAsTraceOrCommit(before) ? undefined : '[redacted secret]',
  },
  {
    name: 'base64 secret',
    // Long runs that look random (see looksRandom): keys, not alert names or other CamelCase words.
    pattern: /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}/g,
    replace: ({ match }) => (looksRandom(match) ? '[redacted secret]' : undefined),
  },
];

export interface RedactorOptions {
  enabled: boolean;
  /** Extra patterns from the fleet file's claude.redaction.patterns. */
  extra: readonly { name: string; regex: string }[];
}

export class Redactor implements Placeholders {
  private readonly rules: readonly RedactionRule[];
  /** How many matches each rule replaced, for logs (never the values). */
  readonly counts = new Map<string, number>();
  /** Per kind, each value seen and its letters: kept for the Redactor's life (one question or result). */
  private readonly seen = new Map<string, Map<string, string>>();

  constructor(opts: RedactorOptions = { enabled: true, extra: [] }) {
    const extra = opts.extra.map((p) => ({
      name: p.name,
      pattern: new RegExp(p.regex, 'g'),
      replace: `[redacted ${p.name}]`,
    }));
    this.rules = opts.enabled ? [...extra, ...BUILT_IN_RULES] : [];
  }

  text(input: string): string {
    return this.redact(input, undefined);
  }

  /** Every string in a JSON-like value (keys too), redacted; numbers and structure kept. */
  value<T>(input: T): T {
    return this.walk(input, undefined) as T;
  }

  stable(kind: 'ip' | 'email' | 'user', value: string): string {
    let values = this.seen.get(kind);
    if (!values) {
      values = new Map();
      this.seen.set(kind, values);
    }
    let label = values.get(value);
    if (label === undefined) {
      label = letters(values.size);
      values.set(value, label);
    }
    return `[redacted ${kind} ${label}]`;
  }

  /** A string, with the JSON key it is the value of (if any) as the context of a match at its start. */
  private redact(input: string, key: string | undefined): string {
    let out = input;
    for (const rule of this.rules) {
      out = out.replace(rule.pattern, (...args: unknown[]) => {
        const match = args[0] as string;
        let replacement: string | undefined;
        if (typeof rule.replace === 'string') {
          replacement = rule.replace;
        } else {
          // replace() passes (match, ...groups, offset, whole[, named groups]).
          const named = typeof args.at(-1) === 'object' && args.at(-1) !== undefined ? 1 : 0;
          const offset = args[args.length - 2 - named] as number;
          const whole = args[args.length - 1 - named] as string;
          const groups = args.slice(1, args.length - 2 - named) as (string | undefined)[];
          const prefix = key === undefined ? '' : `${key}: `;
          const before = (prefix + whole.slice(Math.max(0, offset - 64), offset)).slice(-64);
          replacement = rule.replace({ match, groups, before }, this);
        }
        if (replacement === undefined) return match;
        this.counts.set(rule.name, (this.counts.get(rule.name) ?? 0) + 1);
        return replacement;
      });
    }
    return out;
  }

  private walk(v: unknown, key: string | undefined): unknown {
    if (typeof v === 'string') return this.secretValue(v, key) ?? this.redact(v, key);
    if (Array.isArray(v)) return v.map((x) => this.walk(x, key));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.redact(k, undefined), this.walk(x, k)]));
    }
    return v;
  }

  /** `{"client_secret": "…"}` as a value: the key names a secret, so the whole string is one. */
  private secretValue(v: string, key: string | undefined): string | undefined {
    if (!this.rules.length || key === undefined || !SECRET_KEY.test(key)) return undefined;
    if (v.length < 4 || v.startsWith('[redacted') || isTokenCount(key, v)) return undefined;
    this.counts.set('secret assignment', (this.counts.get('secret assignment') ?? 0) + 1);
    return '[redacted secret]';
  }
}
