/**
 * The judgement calls behind redaction (bot/agent/redact.ts): does a long run of letters and digits
 * look random (a key) or like words (an alert name)? Does the text just before a value label it as a
 * trace id, a commit or a Slack user? And the digit-free letters that tell placeholders apart.
 */

/** Shannon entropy of the string's own character distribution, in bits per character. */
export function entropyPerChar(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Acronyms that fill alert and metric names (`CPU`, `Http`, `k8s`, `EC2`, `P99`, `5xx`): left out
 * of the word test, upper case, Capitalised or lower case, as whole tokens only.
 */
const ACRONYMS = [
  ...'api aws gcp gke eks aks k8s ec2 s3 rds sqs sns elb alb nlb cdn nat vpc vm cpu gpu jvm gc io oom db sql'.split(
    ' ',
  ),
  ...'dns tls ssl http https grpc tcp udp ip ipv4 ipv6 url ui id ttl slo sla sli rps qps etcd'.split(' '),
  ...'p50 p90 p95 p99 p999 2xx 3xx 4xx 5xx'.split(' '),
  // Region prefixes and two-letter words: EuWest1, UsEast1, ApSouth1, SaEast1, DiskUp, ReadsOnPrimary.
  ...'eu us ap sa ca me af il up on of in at to by is no or'.split(' '),
];
const ACRONYM = new RegExp(
  ACRONYMS.flatMap((a) => [
    `${a.toUpperCase()}(?![a-z])`,
    `${a[0]!.toUpperCase()}${a.slice(1)}(?![a-z])`,
    `(?<![a-z])${a}(?![a-z])`,
  ]).join('|'),
  'g',
);

/** Tokens of an identifier: acronyms and separators dropped, then upper-case runs, words, digit runs. */
function tokens(s: string): string[] {
  return s
    .replace(ACRONYM, '-')
    .split(/[-_/+=.]+/)
    .flatMap((part) => part.match(/[A-Z]+(?![a-z])|[A-Z][a-z]+|[a-z]+|\d+/g) ?? []);
}

/**
 * Letter pairs English spelling (almost) never uses inside a word: `qz`, `jx`, `vq`, `fz`, `zb`, `ww`…
 * Random base64 is full of them; `Upstream`, `Blitz`, `Buzz`, `Exporter`, `MaxSurge` have none.
 */
const RARE_PAIRS =
  /q[^u]|j[^aeiouy]|x[bdgjkmnrz]|z[bcdfgjkmnpqrsvwx]|v[bcdfghjkmnpqtwxz]|[bcdfghkmpw][qxz]|f[jqvxz]|g[qvx]|c[bfgjpvwx]|y[qjv]|([jqv])\1/;

/**
 * A token that reads like a word: two or more lower-case letters (optionally Capitalised), a
 * vowel, no five consonants in a row (`Strength` has four), no three vowels in a row but the usual
 * (`eau`, `iou`…), and no rare letter pair. Random base64 makes such tokens too, but rarely many.
 */
function wordLike(token: string): boolean {
  if (!/^[A-Z]?[a-z]{2,}$/.test(token)) return false;
  const w = token.toLowerCase();
  if (!/[aeiouy]/.test(w) || /[^aeiouy]{5}/.test(w)) return false;
  if (w.length <= 4 && /[^aeiouy]{3}/.test(w)) return false;
  if (/[aeiou]{3}/.test(w) && !/eau|iou|eou|uee|uie|ueu/.test(w)) return false;
  return !RARE_PAIRS.test(w);
}

/**
 * Whether a run of letters and digits (32+ characters, from the base64 rule) reads as words —
 * `HeadroomEuWest1ConnectionDropCritical`, `KubeDeploymentReplicasMismatchUsEast1`,
 * `node_exporter_eu_west_1_HTTP5xx` — rather than random: most of its letters sit in word-like
 * tokens and few single stray letters remain. Over random base64 strings of 32–88 characters this
 * says "words" about once in 40,000.
 */
export function readsAsWords(s: string): boolean {
  const all = tokens(s);
  const letters = all.reduce((n, t) => n + t.length, 0);
  if (letters === 0) return true; // acronyms, digits and separators only
  const inWords = all.filter(wordLike).reduce((n, t) => n + t.length, 0);
  const strays = all.filter((t) => t.length === 1 && !/\d/.test(t)).length;
  return inWords / letters >= 0.6 && strays <= 2 + letters / 16;
}

/**
 * A long run that looks like a key: upper and lower case mixed, a spread of characters (entropy of
 * at least 3.5 bits per character, which no repetitive filler reaches), and not words.
 */
export function looksRandom(s: string): boolean {
  const body = s.replace(/=+$/, '');
  return /[A-Z]/.test(body) && /[a-z]/.test(body) && entropyPerChar(body) >= 3.5 && !readsAsWords(body);
}

/**
 * The words of the name just before a value, lower-cased: `"traceId": "` → [trace, id],
 * `DEPLOY_SHA=` → [deploy, sha], `decided by ` → [by]. Quotes (JSON-escaped too), `:`, `=` and
 * blanks may sit between the name and the value; anything else means there is no name.
 */
export function nameBefore(before: string): string[] {
  const m = /([A-Za-z][A-Za-z0-9_.-]*)[\\"'`]*[ \t]*[:=]?[ \t]*[\\"'`]*[ \t]*$/.exec(before.slice(-64));
  if (!m) return [];
  return (m[1]!.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? []).map((w) => w.toLowerCase());
}

const GENERIC = new Set(['id', 'ids', 'hash', 'hex', 'value']);
const HEX_LABELS = new Set([
  'trace',
  'traceparent',
  'span',
  'parent',
  'commit',
  'sha',
  'revision',
  'rev',
  'deploy',
  'deployment',
  'deployed',
  'build',
  'git',
]);

/**
 * Whether long hex is labelled as an identifier that is not a secret: a trace or span id, a commit
 * or revision, a deploy's git SHA (`trace_id=`, `"traceId": "`, `commit `, `sha: `, `GIT_SHA=`,
 * `deploy `, `sha256:`), or the trace-id field of a W3C `traceparent: 00-…`.
 */
export function labelledAsTraceOrCommit(before: string): boolean {
  if (/traceparent[\\"']*\s*[:=]\s*[\\"']*[0-9a-f]{2}-$/i.test(before.slice(-64))) return true;
  const words = nameBefore(before);
  while (words.length > 1 && GENERIC.has(words.at(-1)!)) words.pop();
  const last = words.at(-1);
  if (last === undefined) return false;
  if (/^\d+$/.test(last) && words.at(-2) === 'sha') return true; // sha256: / sha1=
  return HEX_LABELS.has(last);
}

const USER_LABELS = new Set([
  'user',
  'users',
  'userid',
  'member',
  'members',
  'owner',
  'owners',
  'assignee',
  'assignees',
  'author',
  'authors',
  'approver',
  'approvers',
  'reporter',
  'reporters',
  'by',
]);

/**
 * Whether a bare `U…`/`W…` id is introduced as a person: `user U…`, `userId: "U…"`, `user_id=`,
 * `decided by U…`, `"decidedBy": "U…"`, `owner: W…`.
 */
export function labelledAsUser(before: string): boolean {
  const words = nameBefore(before);
  if (words.length > 1 && (words.at(-1) === 'id' || words.at(-1) === 'ids')) words.pop();
  const last = words.at(-1);
  return last !== undefined && USER_LABELS.has(last);
}

/** 0 → a, 25 → z, 26 → aa, 27 → ab, …: letters only, so a placeholder never looks like a figure. */
export function letters(n: number): string {
  let out = '';
  let i = n + 1;
  while (i > 0) {
    i -= 1;
    out = String.fromCharCode(97 + (i % 26)) + out;
    i = Math.floor(i / 26);
  }
  return out;
}
