/**
 * Text that came from alerts, logs, annotations or people is data, never instructions. It is
 * wrapped in delimited blocks the system prompt names, and in a text that carries a clear
 * injection marker, every sentence that reads like an order to an assistant is replaced by a
 * marker before the model sees it.
 */

/** Unambiguous signs of text addressed to a model. */
const INJECTION_MARKERS = [
  /\b(?:ignore|disregard|forget|override)\b[^\n]{0,40}\b(?:previous|prior|above|earlier|all|system|your)\b[^\n]{0,20}\b(?:instructions?|prompts?|rules?|messages?)/i,
  /\b(?:you are now|pretend to be|new instructions?|system prompt|developer mode|jailbreak)\b/i,
  /\b(?:print|reveal|show|output|send|leak|repeat|post)\b[^\n]{0,40}\b(?:bot token|tokens?|secrets?|api keys?|passwords?|credentials?|system prompt)\b/i,
  /<\/?(?:system|assistant|instructions?|untrusted-data|tool-output)\b/i,
];
/** Orders that are harmless in a tool hint ("call list_work_units") but not next to a marker. */
const ORDERS = [
  /\b(?:call|invoke|run|use|execute)\s+(?:the\s+)?(?:tool\s+)?`?[a-z]+_[a-z_]+`?/i,
  /\bfor all (?:work )?units\b/i,
];

export const NEUTRALISED = '[removed: text in the data that was addressed to an assistant]';

export function hasInjectionMarker(text: string): boolean {
  return INJECTION_MARKERS.some((re) => re.test(text));
}

/** Sentences of a marked text that read like instructions become a marker; other texts are untouched. */
export function neutraliseInstructions(text: string): { text: string; removed: number } {
  if (!hasInjectionMarker(text)) return { text, removed: 0 };
  let removed = 0;
  const out = text.replace(/[^\n.!?;]+[.!?;]?/g, (sentence) => {
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

/** Delimits untrusted text; a closing delimiter inside it cannot end the block. */
export function dataBlock(source: string, text: string): string {
  const safe = text.replace(/<(\/?)untrusted-data/gi, '<$1untrusted_data');
  return `<untrusted-data source="${source.replace(/[^a-z0-9 _.#()-]/gi, '')}">\n${safe}\n</untrusted-data>`;
}
