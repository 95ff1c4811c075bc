/**
 * Redaction: what must never reach the model (or come back out of it). Applied to the question,
 * thread history, recommendation text and every tool result before a request is built, and to the
 * answer before it is posted. Placeholders carry no digits, so they never look like figures.
 */

export interface RedactionRule {
  name: string;
  pattern: RegExp;
  /** What replaces a match; a function keeps a prefix such as "Bearer ". */
  replace: string | ((match: string, ...groups: string[]) => string);
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

/** The built-in rules, most specific first (a Slack token must not be half-eaten by the base64 rule). */
export const BUILT_IN_RULES: readonly RedactionRule[] = [
  {
    // An HTTP Authorization header with any scheme: "Authorization: token ghp_…", "Authorization: Digest …".
    name: 'authorization header',
    pattern:
      /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)([A-Za-z][A-Za-z0-9._-]*)([ \t]+)(?!\[redacted)[^\s"',;]+/gi,
    replace: (_m, head: string, scheme: string, gap: string) => `${head}${scheme}${gap}[redacted token]`,
  },
  {
    // The header with no scheme, the credential alone up to the end of the value.
    name: 'authorization header',
    pattern: /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?!\[redacted)[^\s"',;]{6,}(?=["',;]|\s*$)/gim,
    replace: (_m, head: string) => `${head}[redacted token]`,
  },
  {
    // user:password@ (or a token as the user) in a URL: postgres://admin:S3cret@db:5432/app.
    name: 'url credentials',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)(?!\[redacted)[^\s/?#@:]+(?::[^\s/?#@]*)?@/gi,
    replace: (_m, scheme: string) => `${scheme}[redacted credentials]@`,
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
    // A JSON Web Token: base64url header '{"…' (eyJ), payload, optional signature.
    name: 'jwt',
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}(?:\.[A-Za-z0-9_-]*)?/g,
    replace: '[redacted token]',
  },
  {
    name: 'bearer token',
    pattern: /\b([Bb]earer|Basic)(\s+)(?!\[redacted)(?=[A-Za-z0-9._~+/-]*\d)[A-Za-z0-9._~+/-]{8,}=*/g,
    replace: (_m, scheme: string, gap: string) => `${scheme}${gap}[redacted token]`,
  },
  {
    name: 'secret assignment',
    pattern: new RegExp(
      `(?<![A-Za-z0-9])([A-Za-z0-9_-]*${SECRET_NAME}["']?\\s*[:=]\\s*["']?)(?!\\[redacted)[^\\s"',;]{4,}`,
      'gi',
    ),
    replace: (_m, head: string) => `${head}[redacted secret]`,
  },
  { name: 'email', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g, replace: '[redacted email]' },
  {
    name: 'ipv6',
    // Full eight groups, or a "::" form. Clock times (21:10:00) never contain "::" nor eight groups.
    pattern: new RegExp(
      `(?<![\\w:])(?:(?:${H}:){7}${H}|(?:${H}:){1,7}:(?:${H}(?::${H}){0,6})?|::(?:${H}(?::${H}){0,6}))(?![\\w:])`,
      'g',
    ),
    replace: '[redacted ip]',
  },
  {
    name: 'ipv4',
    // Not a four-part version: "v1.2.3.4", "version 1.2.3.4", "release: 10.0.0.1".
    pattern: new RegExp(
      `(?<![\\w.])(?<!\\b(?:v|ver|version|release)\\.?\\s*[:=]?\\s*)${OCTET}(?:\\.${OCTET}){3}(?:/\\d{1,2})?(?![\\w.])`,
      'gi',
    ),
    replace: '[redacted ip]',
  },
  { name: 'slack user mention', pattern: /<@[UWB][A-Z0-9]+(?:\|[^>]*)?>/g, replace: '[redacted user]' },
  // Bare IDs must hold a digit, so error codes such as UNAVAILABLE are not taken for users.
  { name: 'slack user id', pattern: /\b[UW](?=[A-Z0-9]*\d)[A-Z0-9]{6,12}\b/g, replace: '[redacted user]' },
  { name: 'hex secret', pattern: /\b[0-9a-fA-F]{32,}\b/g, replace: '[redacted secret]' },
  {
    name: 'base64 secret',
    // Long runs mixing upper case, lower case and digits: keys, not words or unit ids.
    pattern:
      /(?<![A-Za-z0-9+/_-])(?=[A-Za-z0-9+/_-]*[A-Z])(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*\d)[A-Za-z0-9+/_-]{32,}={0,2}/g,
    replace: '[redacted secret]',
  },
];

export interface RedactorOptions {
  enabled: boolean;
  /** Extra patterns from the fleet file's claude.redaction.patterns. */
  extra: readonly { name: string; regex: string }[];
}

export class Redactor {
  private readonly rules: readonly RedactionRule[];
  /** How many matches each rule replaced, for logs (never the values). */
  readonly counts = new Map<string, number>();

  constructor(opts: RedactorOptions = { enabled: true, extra: [] }) {
    const extra = opts.extra.map((p) => ({
      name: p.name,
      pattern: new RegExp(p.regex, 'g'),
      replace: `[redacted ${p.name}]`,
    }));
    this.rules = opts.enabled ? [...extra, ...BUILT_IN_RULES] : [];
  }

  text(input: string): string {
    let out = input;
    for (const rule of this.rules) {
      out = out.replace(rule.pattern, (...args: unknown[]) => {
        this.counts.set(rule.name, (this.counts.get(rule.name) ?? 0) + 1);
        const match = args[0] as string;
        const groups = args.slice(1).filter((g): g is string => typeof g === 'string');
        return typeof rule.replace === 'string' ? rule.replace : rule.replace(match, ...groups);
      });
    }
    return out;
  }

  /** Every string in a JSON-like value (keys too), redacted; numbers and structure kept. */
  value<T>(input: T): T {
    return this.walk(input) as T;
  }

  private walk(v: unknown): unknown {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.walk(x));
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.text(k), this.walk(x)]));
    }
    return v;
  }
}
