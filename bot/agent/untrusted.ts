/**
 * Text that came from alerts, logs, annotations or people is data, never instructions. It is
 * wrapped in delimited blocks the system prompt names, and in a text that carries a sign of being
 * addressed to a model, every sentence that reads like an order is replaced by a marker before the
 * model sees it.
 *
 * This is a heuristic, and a new wording can get past it. The limits that hold whatever the text
 * says are elsewhere: only read-only registry tools run (loop.ts), at most maxToolCalls per
 * question, and redaction removes what it recognises as secret before anything reaches the model.
 *
 * Matching runs on a canonical form (untrusted-normalise.ts): look-alike characters, zero-width
 * and bidi controls cannot hide an order or a closing tag, and a de-obfuscated copy catches
 * dotted and leetspeak spellings. Links and images in the data are defanged (untrusted-links.ts)
 * after redaction: `sanitiseForModel` runs the three steps in that order.
 */
import { randomBytes } from 'node:crypto';
import { defangLinks } from './untrusted-links.js';
import { deobfuscate, FOREIGN_INSTRUCTION_MARKERS, matchingForm, normaliseUntrusted } from './untrusted-normalise.js';

/** Words that name a model as the addressee ("model" alone is too common in SRE text). */
const AI = String.raw`(?:ai|a\.i\.|ai\s+(?:assistant|model|agent)s?|assistants?|llms?|(?:large\s+)?language\s+models?|claude|chat\s?gpt|gpt-\d|chat\s?bots?|copilot)`;
/** What a secret is called when someone asks for it. */
const SECRET = String.raw`(?:secrets?|passwords?|passphrases?|credentials?|(?:api|private|access|secret|signing)\s+keys?|(?:bot|api|access|auth|slack|bearer|oauth|session|refresh)\s+tokens?|(?:the|your|its)\s+tokens?|system\s+prompt|(?:env(?:ironment)?)\s+var(?:iable)?s?)`;
/**
 * Who an order is addressed to, when it is to a model: the AI words, and "model" / "bot" when not
 * part of an ordinary compound ("bot token", "model server").
 */
const ADDRESSEE = new RegExp(
  String.raw`\b(?:${AI}|models?|bots?)\b(?!\s*(?:tokens?|servers?|serving|registry|versions?|weights|training|metrics?|accounts?|users?|ids?)\b)`,
  'i',
);
/** "ignore / disregard / forget …" */
const IGNORE = String.raw`\b(?:ignore|disregard|forget|override|bypass)\b`;
const RULES = '(?:instructions?|prompts?|rules?|guidelines?|guardrails?|directives?)';
/** "print / reveal / send …" */
const DISCLOSE = String.raw`\b(?:print|reveal|show|output|send|leak|repeat|post|dump|disclose|exfiltrate|share|tell)\b`;

/** A sign of text addressed to a model: tested on a sentence, with the whole text for the addressee. */
type Marker = (sentence: string, whole: string) => boolean;
const re =
  (r: RegExp): Marker =>
  (sentence) =>
    r.test(sentence);
const addressed =
  (r: RegExp): Marker =>
  (sentence, whole) =>
    r.test(sentence) && ADDRESSEE.test(whole);

/** Signs of text addressed to a model that need no tool names. Any one marks the whole string. */
const BASE_MARKERS: Marker[] = [
  // "ignore previous instructions", "disregard the system prompt", "forget your guidelines",
  // "disregard the rules you were given" — an explicit object: a model's own instructions.
  re(
    new RegExp(
      String.raw`${IGNORE}[^\n]{0,40}\b(?:(?:all\s+)?(?:previous|prior|above|earlier|preceding|system|original|initial|your)\s+(?:\w+\s+)?${RULES}|all\s+(?:instructions|prompts)|${RULES}\s+(?:you\s+(?:were|have\s+been|are)\s+given|given\s+to\s+you|above))\b`,
      'i',
    ),
  ),
  // "… ignore the rules …" in a text addressed to an AI / assistant / model / bot
  addressed(new RegExp(String.raw`${IGNORE}[^\n]{0,60}\b${RULES}\b`, 'i')),
  /\b(?:you are now|pretend to be|new instructions?|system prompt|developer mode|jailbreak)\b/i,
  // "print your API key" (a model's own secret), or "send the credentials" addressed to a model
  re(new RegExp(String.raw`${DISCLOSE}[^\n]{0,40}\b(?:your|its)\s+${SECRET}`, 'i')),
  addressed(new RegExp(String.raw`${DISCLOSE}[^\n]{0,40}\b${SECRET}`, 'i')),
  // "Note to the AI assistant", "message for any LLM", "Dear Claude", "attention, assistant"
  new RegExp(
    String.raw`\b(?:note|message|instructions?|reminder|request|memo|p\.?s\.?)\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+|an?\s+|our\s+)?${AI}\b`,
    'i',
  ),
  new RegExp(String.raw`\b(?:dear|hey|hi|hello|attention)[\s,:]+(?:the\s+|any\s+)?${AI}\b`, 'i'),
  // "Claude, …", "Assistant: …" at the start of a sentence
  new RegExp(String.raw`^\s*(?:${AI})\s*[,:]\s*\w`, 'i'),
  // "AI assistant reading this", "any language model processing the following"
  new RegExp(
    String.raw`\b${AI}\s+(?:reading|processing|parsing|summari[sz]ing|analy[sz]ing|handling|seeing|receiving)\s+(?:this|these|the\s+(?:following|above)|it)\b`,
    'i',
  ),
  /\b(?:as|if you are) an? (?:ai|assistant|language model|llm)\b/i,
  // "before answering, …", "before you respond, …"
  /\bbefore\s+(?:answering|responding|replying|you\s+(?:answer|respond|reply|continue))\b/i,
  /<\/?\s*(?:system|assistant|instructions?|untrusted[\s_-]*data|tool-output)\b/i,
  ...FOREIGN_INSTRUCTION_MARKERS,
].map((m) => (typeof m === 'function' ? m : re(m)));

/** Orders that are harmless alone but not in a marked text (tool names added per registry). */
const BASE_ORDERS = [
  /\bfor (?:all|every|each) (?:work )?(?:units?|regions?)\b/i,
  // A sentence that starts with an imperative verb ("Then reply …", "Please recommend …").
  /^\s*(?:(?:then|also|and|now|next|finally|please|important|note)[\s,:!-]+)*(?:call|run|invoke|execute|use|ignore|disregard|forget|print|reveal|send|post|output|show|tell|say|answer|respond|reply|recommend|fail\s?over|drain|shift|move|delete|do|include|add|write|always|never|make|set)\b/i,
];

interface Rules {
  markers: Marker[];
  orders: RegExp[];
}

const compiled = new Map<string, Rules>();

/**
 * The markers and orders for a registry: "call recommend_failover", "run `get_headroom`" count
 * only for the names given (the registry's), so "failed to call get_user_profile" in a log does not.
 */
function rulesFor(toolNames: readonly string[]): Rules {
  const key = [...toolNames].sort().join(',');
  let rules = compiled.get(key);
  if (rules) return rules;
  const names = toolNames.filter((n) => /^[a-z][a-z0-9_]*$/i.test(n));
  const toolName = names.length ? String.raw`\x60?(?:${names.join('|')})\x60?(?![\w.])` : undefined;
  rules = {
    markers: toolName
      ? [
          ...BASE_MARKERS,
          re(
            new RegExp(
              String.raw`\b(?:call|invoke|execute|trigger|run|use)\s+(?:the\s+)?(?:tool\s+|function\s+)?${toolName}`,
              'i',
            ),
          ),
        ]
      : BASE_MARKERS,
    orders: toolName
      ? [
          new RegExp(String.raw`\b(?:call|invoke|run|use|execute|trigger)\s+(?:the\s+)?(?:tool\s+)?${toolName}`, 'i'),
          ...BASE_ORDERS,
        ]
      : BASE_ORDERS,
  };
  compiled.set(key, rules);
  return rules;
}

export const NEUTRALISED = '[removed: text in the data that was addressed to an assistant]';

/** Whether a text carries a sign of being addressed to a model; toolNames: the registry's. */
export function hasInjectionMarker(text: string, toolNames: readonly string[] = []): boolean {
  const { markers } = rulesFor(toolNames);
  const canonical = matchingForm(text);
  const plain = deobfuscate(canonical);
  return (
    sentencesOf(canonical).some((s) => markers.some((m) => m(s, canonical))) ||
    (plain !== canonical && sentencesOf(plain).some((s) => markers.some((m) => m(s, plain))))
  );
}

const SENTENCE = /[^\n.!?;]+(?:\.(?=\S)[^\n.!?;]*)*[.!?;]?/g;

function sentencesOf(text: string): string[] {
  return text.match(SENTENCE) ?? [];
}

/**
 * In a marked text, sentences that carry a marker or read like an order become a marker; an
 * unmarked text is returned as is (ordinary alert text is never touched). Sentences end at . ! ? ;
 * or a line break; "IMPORTANT:" and "Note to the AI:" stay with their sentence.
 */
export function neutraliseInstructions(
  text: string,
  toolNames: readonly string[] = [],
): { text: string; removed: number } {
  // Ordinary text is unchanged: plain ASCII is already canonical. Links are defanged later
  // (defangValue), after redaction has seen the plain addresses.
  const canonical = normaliseUntrusted(text);
  if (!hasInjectionMarker(canonical, toolNames)) return { text: canonical, removed: 0 };
  const { markers, orders } = rulesFor(toolNames);
  const plainWhole = deobfuscate(matchingForm(canonical));
  let removed = 0;
  const out = canonical.replace(SENTENCE, (sentence) => {
    const matched = matchingForm(sentence);
    const marked = (s: string, whole: string) => markers.some((m) => m(s, whole)) || orders.some((r) => r.test(s));
    if (!marked(matched, canonical) && !marked(deobfuscate(matched), plainWhole)) return sentence;
    removed++;
    return ` ${NEUTRALISED}`;
  });
  return { text: out, removed };
}

/** Every string of a JSON-like value neutralised; the count of sentences removed. */
export function neutraliseValue<T>(value: T, toolNames: readonly string[] = []): { value: T; removed: number } {
  let removed = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const r = neutraliseInstructions(v, toolNames);
      removed += r.removed;
      return r.text;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { value: walk(value) as T, removed };
}

/**
 * A tool result neutralised, except the code and hint of a failure: those are Headroom's own words
 * ("call list_work_units for details") and tell the model what to try.
 */
export function neutraliseToolResult(result: unknown, toolNames: readonly string[] = []): unknown {
  const r = result as { ok?: unknown; error?: Record<string, unknown> } | null;
  if (!r || typeof r !== 'object' || r.ok !== false || !r.error || typeof r.error !== 'object') {
    return neutraliseValue(result, toolNames).value;
  }
  const { code, hint, ...rest } = r.error;
  const value = neutraliseValue({ ...r, error: rest }, toolNames).value as { error: Record<string, unknown> };
  return {
    ...value,
    error: { ...value.error, ...(code !== undefined ? { code } : {}), ...(hint !== undefined ? { hint } : {}) },
  };
}

/** Every string of a JSON-like value with its links and images defanged (run after redaction). */
export function defangValue<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return defangLinks(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/**
 * A tool result as Claude or an MCP client sees it: instructions neutralised (on the canonical
 * form), secrets redacted, then links defanged — defanging first would hide a webhook URL or an
 * address in a link from redaction.
 */
export function sanitiseForModel(
  result: unknown,
  toolNames: readonly string[],
  redact: (v: unknown) => unknown,
): unknown {
  return defangValue(redact(neutraliseToolResult(result, toolNames)));
}

/** A fresh, unguessable block id: data cannot close a block whose id it does not know. */
export function newBoundary(): string {
  return randomBytes(6).toString('hex');
}

/**
 * Delimits untrusted text as `<untrusted-data-ID source="…">…</untrusted-data-ID>` with a random ID
 * per block. Inside, the text is normalised and every tag-like `<` that could open or close a
 * delimiter (untrusted-data, system, assistant, …, in any spelling) becomes `‹`.
 */
export function dataBlock(source: string, text: string, boundary: string = newBoundary()): string {
  const safe = defangLinks(normaliseUntrusted(text)).replace(
    /<(?=\s*\/?\s*(?:untrusted|system|assistant|instructions?|tool|human|user|function)(?![a-z]))/gi,
    '‹',
  );
  const tag = `untrusted-data-${boundary}`;
  return `<${tag} source="${source.replace(/[^a-z0-9 _.#()-]/gi, '')}">\n${safe.split(tag).join('‹id›')}\n</${tag}>`;
}
