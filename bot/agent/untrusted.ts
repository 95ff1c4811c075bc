/**
 * Text that came from alerts, logs, annotations or people is data, never instructions. It is
 * wrapped in delimited blocks the system prompt names, and in a text that carries a sign of being
 * addressed to a model, every sentence that reads like an order is replaced by a marker before the
 * model sees it.
 *
 * This is a heuristic, and a new wording can get past it. The limits that hold whatever the text
 * says are elsewhere: only read-only registry tools run (loop.ts), at most maxToolCalls per
 * question, and redaction removes what it recognises as secret before anything reaches the model.
 */

/** Words that name a model as the addressee ("model" alone is too common in SRE text). */
const AI = String.raw`(?:ai|a\.i\.|ai\s+(?:assistant|model|agent)s?|assistants?|llms?|(?:large\s+)?language\s+models?|claude|chat\s?gpt|gpt-\d|chat\s?bots?|copilot)`;
/** What a secret is called when someone asks for it. */
const SECRET = String.raw`(?:secrets?|passwords?|passphrases?|credentials?|(?:api|private|access|secret|signing)\s+keys?|(?:bot|api|access|auth|slack|bearer|oauth|session|refresh)\s+tokens?|(?:the|your|its)\s+tokens?|system\s+prompt|(?:env(?:ironment)?)\s+var(?:iable)?s?)`;
/** A registry-style tool name (verb_noun). */
const TOOL_NAME = String.raw`\x60?[a-z]+_[a-z_]+\x60?`;

/** Signs of text addressed to a model. Any one marks the whole string. */
const INJECTION_MARKERS = [
  // "ignore previous instructions", "disregard the rules above", "forget your guidelines"
  /\b(?:ignore|disregard|forget|override|bypass)\b[^\n]{0,60}\b(?:instructions?|prompts?|rules?|guidelines?|guardrails?|directives?)\b/i,
  /\b(?:you are now|pretend to be|new instructions?|system prompt|developer mode|jailbreak)\b/i,
  // "print the bot token", "reveal your API key", "send the credentials"
  new RegExp(
    String.raw`\b(?:print|reveal|show|output|send|leak|repeat|post|dump|disclose|exfiltrate|share|tell)\b[^\n]{0,40}\b${SECRET}`,
    'i',
  ),
  // "Note to the AI assistant", "message for any LLM", "Dear Claude", "attention, assistant"
  new RegExp(
    String.raw`\b(?:note|message|instructions?|reminder|request|memo|p\.?s\.?)\s+(?:to|for)\s+(?:the\s+|any\s+|all\s+|an?\s+|our\s+)?${AI}\b`,
    'i',
  ),
  new RegExp(String.raw`\b(?:dear|hey|hi|hello|attention)[\s,:]+(?:the\s+|any\s+)?${AI}\b`, 'i'),
  // "AI assistant reading this", "any language model processing the following"
  new RegExp(
    String.raw`\b${AI}\s+(?:reading|processing|parsing|summari[sz]ing|analy[sz]ing|handling|seeing|receiving)\s+(?:this|these|the\s+(?:following|above)|it)\b`,
    'i',
  ),
  /\bas an? (?:ai|assistant|language model|llm)\b/i,
  // "before answering, …", "before you respond, …"
  /\bbefore\s+(?:answering|responding|replying|you\s+(?:answer|respond|reply|continue))\b/i,
  // "call simulate_migration", "invoke `recommend_failover`", "run get_headroom" (a tool name, not a script)
  new RegExp(
    String.raw`\b(?:call|invoke|execute|trigger)\s+(?:the\s+)?(?:tool\s+|function\s+)?${TOOL_NAME}(?![\w.])`,
    'i',
  ),
  /\b(?:run|use)\s+(?:the\s+)?(?:tool\s+)?`?(?:list|get|recommend|simulate|forecast|estimate|query|execute|shift|drain)_[a-z_]+`?(?![\w.])/i,
  /<\/?(?:system|assistant|instructions?|untrusted-data|tool-output)\b/i,
];

/** Orders that are harmless alone but not in a marked text. */
const ORDERS = [
  new RegExp(String.raw`\b(?:call|invoke|run|use|execute|trigger)\s+(?:the\s+)?(?:tool\s+)?${TOOL_NAME}`, 'i'),
  /\bfor (?:all|every|each) (?:work )?(?:units?|regions?)\b/i,
  // A sentence that starts with an imperative verb ("Then reply …", "Please recommend …").
  /^\s*(?:(?:then|also|and|now|next|finally|please|important|note)[\s,:!-]+)*(?:call|run|invoke|execute|use|ignore|disregard|forget|print|reveal|send|post|output|show|tell|say|answer|respond|reply|recommend|fail\s?over|drain|shift|move|delete|do|include|add|write|always|never|make|set)\b/i,
];

export const NEUTRALISED = '[removed: text in the data that was addressed to an assistant]';

export function hasInjectionMarker(text: string): boolean {
  return INJECTION_MARKERS.some((re) => re.test(text));
}

/**
 * In a marked text, sentences that carry a marker or read like an order become a marker; an
 * unmarked text is returned as is (ordinary alert text is never touched). Sentences end at . ! ? ;
 * or a line break; "IMPORTANT:" and "Note to the AI:" stay with their sentence.
 */
export function neutraliseInstructions(text: string): { text: string; removed: number } {
  if (!hasInjectionMarker(text)) return { text, removed: 0 };
  let removed = 0;
  const out = text.replace(/[^\n.!?;]+(?:\.(?=\S)[^\n.!?;]*)*[.!?;]?/g, (sentence) => {
    if (!INJECTION_MARKERS.some((re) => re.test(sentence)) && !ORDERS.some((re) => re.test(sentence))) return sentence;
    removed++;
    return ` ${NEUTRALISED}`;
  });
  return { text: out, removed };
}

/** Every string of a JSON-like value neutralised; the count of sentences removed. */
export function neutraliseValue<T>(value: T): { value: T; removed: number } {
  let removed = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const r = neutraliseInstructions(v);
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
export function neutraliseToolResult(result: unknown): unknown {
  const r = result as { ok?: unknown; error?: Record<string, unknown> } | null;
  if (!r || typeof r !== 'object' || r.ok !== false || !r.error || typeof r.error !== 'object') {
    return neutraliseValue(result).value;
  }
  const { code, hint, ...rest } = r.error;
  const value = neutraliseValue({ ...r, error: rest }).value as { error: Record<string, unknown> };
  return {
    ...value,
    error: { ...value.error, ...(code !== undefined ? { code } : {}), ...(hint !== undefined ? { hint } : {}) },
  };
}

/** Delimits untrusted text; a closing delimiter inside it cannot end the block. */
export function dataBlock(source: string, text: string): string {
  const safe = text.replace(/<(\/?)untrusted-data/gi, '<$1untrusted_data');
  return `<untrusted-data source="${source.replace(/[^a-z0-9 _.#()-]/gi, '')}">\n${safe}\n</untrusted-data>`;
}
