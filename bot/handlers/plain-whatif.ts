/**
 * Plain-English what-if questions rewritten into the whatif grammar (shed / split / grow /
 * add-capacity / at), deterministically: "what happens if we split eu-west-1 between eu-central-1
 * and us-east-1?" → shed eu-west-1 split eu-central-1=0.5,us-east-1=0.5. Returns null when the
 * question is not one of these forms: nothing is guessed.
 */

/** A work-unit id as fleets name them: letters, digits and dashes, with at least one dash or digit. */
const UNIT = '[a-z][a-z0-9]*(?:-[a-z0-9]+)+';
const LIST = String.raw`${UNIT}(?:\s*(?:,|\band\b|&)\s*${UNIT})*`;

const PREFIX =
  /^(?:what\s+(?:would\s+)?(?:happens?|happen)\s+(?:if|when)|what\s*-?\s*if|whatif|suppose|imagine|if)\b\s*/i;
const FILLER = /\b(?:we|i|you|they|instead|please|the|all(?:\s+of)?|its|it|traffic|evenly|equally|load)\b/gi;

interface Rule {
  pattern: RegExp;
  words(m: RegExpExecArray): string[];
}

const RULES: Rule[] = [
  {
    // split / divide / spread X between|across|over A and B
    pattern: new RegExp(
      String.raw`\b(?:split|divide|spread|share)\s+(${UNIT})(?:'s)?\s+(?:between|across|over|among|to)\s+(${LIST})`,
      'i',
    ),
    words: (m) => ['shed', m[1]!, 'split', even(m[2]!)],
  },
  {
    // move / shift / send / fail over X to A (and B)
    pattern: new RegExp(
      String.raw`\b(?:move|shift|send|fail\s*-?\s*over|failover|drain|evacuate)\s+(${UNIT})(?:'s)?\s+(?:over\s+)?(?:to|into|onto)\s+(${LIST})`,
      'i',
    ),
    words: (m) => ['shed', m[1]!, 'split', even(m[2]!)],
  },
  {
    // drain / lose / shed / decommission / take down X (no targets: the planner chooses)
    pattern: new RegExp(
      String.raw`\b(?:drain|lose|lost|shed|decommission|remove|evacuate|take\s+down|fail\s*-?\s*over|failover|turn\s+off|shut\s+down)\s+(${LIST})`,
      'i',
    ),
    words: (m) => ['shed', units(m[1]!).join(',')],
  },
  {
    // move (it) to A and B / split between A and B: the drained unit comes from the context (a recommendation's thread)
    pattern: new RegExp(
      String.raw`\b(?:move|shift|send|split|spread|fail\s*-?\s*over|failover)\s+(?:over\s+)?(?:to|into|onto|between|across|among)\s+(${LIST})`,
      'i',
    ),
    words: (m) => ['split', even(m[1]!)],
  },
  {
    // X goes down / fails / is lost
    pattern: new RegExp(
      String.raw`\b(${UNIT})\s+(?:goes\s+down|went\s+down|fails|failed|dies|is\s+lost|is\s+down)`,
      'i',
    ),
    words: (m) => ['shed', m[1]!],
  },
];

const GROW = /\b(?:grows?|grew|increases?|rises?|goes\s+up|up)\s+(?:by\s+)?(\d+(?:\.\d+)?)\s*(?:%|percent)/i;
const GROW_BEFORE = /\b(\d+(?:\.\d+)?)\s*(?:%|percent)\s+(?:more|growth|higher)/i;
const ADD = new RegExp(
  String.raw`\badd(?:ing)?\s+(\d+(?:\.\d+)?)\s*(?:%|percent)\s+(?:more\s+)?capacity\s+(?:to|in|on)\s+(${UNIT})`,
  'i',
);
const NEXT_PEAK = /\b(?:at|during|for|over)\s+(?:the\s+)?next\s+peak\b|\bat\s+peak\b/i;
const IN_DAYS = /\b(?:in|after)\s+(\d+)\s+days?\b|\bat\s+\+(\d+)d\b/i;

export function plainWhatIfWords(question: string): string[] | null {
  const text = question.replace(/[?`]/g, ' ').replace(/\s+/g, ' ').trim();
  const rest = text.replace(PREFIX, '').replace(FILLER, ' ').replace(/\s+/g, ' ').trim();
  const words: string[] = [];
  for (const rule of RULES) {
    const m = rule.pattern.exec(rest);
    if (m) {
      words.push(...rule.words(m));
      break;
    }
  }
  const grow = GROW.exec(rest) ?? GROW_BEFORE.exec(rest);
  if (grow) words.push('grow', grow[1]!);
  const add = ADD.exec(rest);
  if (add) words.push('add-capacity', `${add[2]}=${add[1]}`);
  if (words.length === 0) return null;
  const days = IN_DAYS.exec(rest);
  if (NEXT_PEAK.test(rest)) words.push('at', 'next-peak');
  else if (days) words.push('at', `+${days[1] ?? days[2]}d`);
  return words;
}

function units(list: string): string[] {
  return list
    .split(/\s*(?:,|\band\b|&)\s*/i)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** An even split over the listed units, the shares written so they add up to exactly 1. */
function even(list: string): string {
  const targets = units(list);
  const share = Math.floor((1 / targets.length) * 1e4) / 1e4;
  const last = Math.round((1 - share * (targets.length - 1)) * 1e4) / 1e4;
  return targets.map((u, i) => `${u}=${i === targets.length - 1 ? last : share}`).join(',');
}
