/**
 * "Numbers come from tools": finds every figure in an answer and checks it against the figures of
 * that question's tool outputs. Figures found only in the operator's question (their own stated
 * assumptions) or in an earlier, checked answer of the same thread are accepted but reported apart.
 * Pure functions, no I/O.
 */

export type MentionKind = 'number' | 'date' | 'time';

export interface Mention {
  raw: string;
  /** Where raw starts in the text. */
  index: number;
  kind: MentionKind;
  /** number: the value as written (with k/M applied, sign dropped); date: YYYY-MM-DD or --MM-DD; time: HH:MM. */
  value: number | string;
  percent: boolean;
  /** How far the written figure may be from a tool's figure and still be that figure rounded. */
  tolerance: number;
}

export interface KnownFigures {
  numbers: number[];
  /** YYYY-MM-DD */
  dates: Set<string>;
  /** HH:MM */
  times: Set<string>;
}

export interface NumberCheck {
  mentions: Mention[];
  /** In no tool output, not in the question, not in an earlier checked answer of the thread. */
  unmatched: Mention[];
  /** In no tool output of this question, but in the operator's question (their own assumption). */
  fromQuestion: Mention[];
  /** In no tool output of this question, but verified (unmarked) in an earlier answer of the thread. */
  fromEarlierTurns: Mention[];
}

/** The default visible marker after an unverified figure (markUnverified). */
export const UNVERIFIED_MARKER = ' ⚠︎';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const ISO = /\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g;
const DAY_MONTH = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\b\\.?(?:,?\\s+(\\d{4}))?`, 'gi');
const MONTH_DAY = new RegExp(`\\b${MONTH}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, 'gi');
const CLOCK = /(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?(?![\d:])/g;
const LIST_MARKER = /^(\s*)(\d{1,2})[.)](?=\s)/gm;
/** Units that may follow a figure directly ("12k", "30d", "250ms"). Anything else glued on makes it a label (p95, 5xx). */
const UNITS = new Set([
  'k',
  'm',
  'ms',
  's',
  'sec',
  'min',
  'h',
  'hr',
  'd',
  'w',
  'x',
  'rps',
  'qps',
  'gb',
  'mb',
  'kb',
  'tb',
  'mbps',
  'gbps',
  'usd',
]);
const NUMBER =
  /(?<![\w.])(?<![A-Za-z]-)([$€£])?([-+−])?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:(\s?%|\s?(?:percent|per\s?cent|pct)(?![\w]))|([A-Za-z]+)(?![\w]))?(?![\w])/gi;
/** A range or pair whose last figure is a percentage ("12–15 %", "12 to 15 percent"): the first is one too. */
const PERCENT_RANGE =
  /(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?=\s*(?:[–—-]|\s(?:to|and)\s)\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?(?:%|percent\b|per\s?cent\b|pct\b))/gi;
/** Words that say a figure is rounded loosely ("about 13k", "~$87"): one unit of its last digit. */
const HEDGE = /(?:\b(?:about|roughly|around|nearly|almost|approximately|approx\.?)\s+|[~≈]\s?)$/i;
/** Counts and list positions this small are not claims worth checking ("2 targets", "step 3"). */
const SMALL_INTEGER = 10;
const EPOCH_MS_MIN = Date.UTC(2000, 0, 1);
const EPOCH_MS_MAX = Date.UTC(2100, 0, 1);

/** Every figure in text, in order of appearance. Identifiers (eu-west-1, p95, 5xx) are not figures. */
export function extractMentions(text: string): Mention[] {
  const mentions: Mention[] = [];
  let rest = text;
  const blank = (start: number, length: number) => {
    rest = rest.slice(0, start) + ' '.repeat(length) + rest.slice(start + length);
  };
  for (const m of rest.matchAll(ISO)) {
    mentions.push({
      raw: m[0],
      index: m.index,
      kind: 'date',
      value: `${m[1]}-${m[2]}-${m[3]}`,
      percent: false,
      tolerance: 0,
    });
    if (m[4])
      mentions.push({
        raw: m[0],
        index: m.index,
        kind: 'time',
        value: `${m[4]}:${m[5]}`,
        percent: false,
        tolerance: 0,
      });
    blank(m.index, m[0].length);
  }
  for (const re of [DAY_MONTH, MONTH_DAY]) {
    for (const m of rest.matchAll(re)) {
      const [day, month] = re === DAY_MONTH ? [m[1]!, m[2]!] : [m[2]!, m[1]!];
      const mm = MONTHS.indexOf(month.slice(0, 3).toLowerCase()) + 1;
      const value = `${m[3] ?? '-'}-${pad(mm)}-${pad(Number(day))}`;
      mentions.push({ raw: m[0], index: m.index, kind: 'date', value, percent: false, tolerance: 0 });
      blank(m.index, m[0].length);
    }
  }
  for (const m of rest.matchAll(CLOCK)) {
    mentions.push({
      raw: m[0],
      index: m.index,
      kind: 'time',
      value: `${pad(Number(m[1]))}:${m[2]}`,
      percent: false,
      tolerance: 0,
    });
    blank(m.index, m[0].length);
  }
  for (const m of rest.matchAll(LIST_MARKER)) blank(m.index + m[1]!.length, m[2]!.length + 1);
  const percentAt = new Set([...rest.matchAll(PERCENT_RANGE)].map((m) => m.index));
  for (const m of rest.matchAll(NUMBER)) {
    const hedged = HEDGE.test(rest.slice(Math.max(0, m.index! - 16), m.index));
    const mention = numberMention(m, percentAt.has(m.index!), hedged);
    if (mention) mentions.push(mention);
  }
  return mentions.sort((a, b) => a.index - b.index);
}

/**
 * A number match as a mention. inRange: the first figure of a percentage range; hedged: after
 * "about", "~" and the like, which allow one unit of the last written digit instead of half.
 */
function numberMention(m: RegExpMatchArray, inRange = false, hedged = false): Mention | undefined {
  const [raw, currency, , intPart, fraction, percentSign, suffix] = m;
  const unit = suffix?.toLowerCase();
  const percentWord = unit === 'pct' || unit === 'percent';
  if (unit !== undefined && !UNITS.has(unit) && !percentWord) return undefined;
  const digits = intPart!.replace(/,/g, '');
  const decimals = fraction?.length ?? 0;
  const multiplier = unit === 'k' ? 1_000 : suffix === 'M' ? 1_000_000 : 1;
  const value = Number(`${digits}${fraction ? `.${fraction}` : ''}`) * multiplier;
  const percent = percentSign !== undefined || percentWord || inRange;
  if (!percent && !currency && multiplier === 1 && decimals === 0 && value <= SMALL_INTEGER) return undefined;
  // "503s", "429s": HTTP status codes in the plural, not seconds.
  if (suffix === 's' && !currency && decimals === 0 && /^[45]\d\d$/.test(intPart!)) return undefined;
  return {
    raw: raw!.trim(),
    index: m.index!,
    kind: 'number',
    value,
    percent,
    tolerance: tolerance(digits, decimals, multiplier) * (hedged ? 2 : 1),
  };
}

/** Half a unit of the last written digit; for large round figures ("12,000") the rounding they imply. */
function tolerance(digits: string, decimals: number, multiplier: number): number {
  if (decimals > 0) return 0.5 * 10 ** -decimals * multiplier + 1e-9;
  const value = Number(digits);
  if (value >= 1_000 && multiplier === 1) {
    const trailingZeros = digits.length - digits.replace(/0+$/, '').length;
    return 0.5 * 10 ** Math.min(trailingZeros, digits.length - 2) + 1e-9;
  }
  return 0.5 * multiplier + 1e-9;
}

/**
 * The figures a tool output (any JSON value) or a question holds: every JSON number, and in string
 * fields only what extractMentions finds there — dates and times as dates and times, never the
 * digit runs inside a timestamp ("2026-03-03T21:10:00Z" is not 2026, 3, 21 and 10) or an id
 * ("us-east-1" is not 1).
 */
export function collectKnown(sources: readonly unknown[]): KnownFigures {
  const known: KnownFigures = { numbers: [], dates: new Set(), times: new Set() };
  const addNumber = (n: number) => {
    if (!Number.isFinite(n)) return;
    known.numbers.push(Math.abs(n));
    if (Number.isInteger(n) && n >= EPOCH_MS_MIN && n < EPOCH_MS_MAX) {
      const iso = new Date(n).toISOString();
      known.dates.add(iso.slice(0, 10));
      known.times.add(iso.slice(11, 16));
    }
  };
  const addText = (s: string) => {
    for (const mention of extractMentions(s)) addMention(known, mention, addNumber);
  };
  const walk = (v: unknown) => {
    if (typeof v === 'number') addNumber(v);
    else if (typeof v === 'string') addText(v);
    else if (Array.isArray(v)) {
      // "all 12 work units": how many items a tool listed is a figure it gave.
      addNumber(v.length);
      v.forEach(walk);
    } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  sources.forEach(walk);
  return known;
}

function addMention(known: KnownFigures, mention: Mention, addNumber: (n: number) => void): void {
  if (mention.kind === 'date') known.dates.add(String(mention.value));
  else if (mention.kind === 'time') known.times.add(String(mention.value));
  // A percentage in text is kept as the fraction it stands for ("78 %" → 0.78).
  else addNumber(mention.percent ? (mention.value as number) / 100 : (mention.value as number));
}

/**
 * The figures earlier answers of the thread stated as verified: every figure of a stored answer
 * that does not carry the unverified marker (stored answers are the marked text).
 */
export function collectVerified(answers: readonly string[], marker = UNVERIFIED_MARKER): KnownFigures {
  const known: KnownFigures = { numbers: [], dates: new Set(), times: new Set() };
  const addNumber = (n: number) => {
    if (Number.isFinite(n)) known.numbers.push(Math.abs(n));
  };
  for (const answer of answers) {
    for (const mention of extractMentions(answer)) {
      const end = mention.index + mention.raw.length;
      if (answer.startsWith(marker, end) || answer.startsWith(marker.trim(), end)) continue;
      addMention(known, mention, addNumber);
    }
  }
  return known;
}

export function matches(mention: Mention, known: KnownFigures): boolean {
  if (mention.kind === 'time') return known.times.has(String(mention.value));
  if (mention.kind === 'date') {
    const value = String(mention.value);
    if (!value.startsWith('-')) return known.dates.has(value);
    return [...known.dates].some((d) => d.slice(4) === value.slice(1));
  }
  const v = mention.value as number;
  // A bare year ("in 2026") is supported by a date of that year.
  if (/^\d{4}$/.test(mention.raw) && v >= 1990 && v <= 2100 && [...known.dates].some((d) => d.startsWith(`${v}-`)))
    return true;
  /** Within the rounding the written figure implies, or 0.5 % of the candidate it is compared with. */
  const near = (candidate: number) => Math.abs(v - candidate) <= Math.max(mention.tolerance, candidate * 0.005);
  if (!mention.percent) return known.numbers.some(near);
  // "23 %" is 0.23 in a tool output (a fraction, compared as 23 with 23's tolerance), or 23 in a
  // field that already holds a percentage (growPct: 15). A tool number below 1 is taken as a
  // fraction only: otherwise any score of 0.93 would support "1 %".
  return known.numbers.some((k) => near(k * 100) || (k >= 1 && near(k)));
}

/**
 * Every figure of the answer against the tool figures; one not there is accepted when the question
 * holds it (the operator's own assumption) or an earlier checked answer of the thread does, and
 * reported apart; otherwise it is unmatched.
 */
export function checkNumbers(
  answer: string,
  tools: KnownFigures,
  also: { question?: KnownFigures; earlierTurns?: KnownFigures } = {},
): NumberCheck {
  const mentions = extractMentions(answer);
  const check: NumberCheck = { mentions, unmatched: [], fromQuestion: [], fromEarlierTurns: [] };
  for (const m of mentions) {
    if (matches(m, tools)) continue;
    if (also.question && matches(m, also.question)) check.fromQuestion.push(m);
    else if (also.earlierTurns && matches(m, also.earlierTurns)) check.fromEarlierTurns.push(m);
    else check.unmatched.push(m);
  }
  return check;
}

/** The answer with a visible marker after each figure no tool output supports. */
export function markUnverified(answer: string, unmatched: readonly Mention[], marker = UNVERIFIED_MARKER): string {
  let out = answer;
  const ends = [...new Set(unmatched.map((m) => m.index + m.raw.length))].sort((a, b) => b - a);
  for (const end of ends) out = out.slice(0, end) + marker + out.slice(end);
  return out;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
