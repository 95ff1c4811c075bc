import type { KnownBlock } from '../slack-types.js';

// Block Kit limits (Slack's block reference): keep every message inside them, with a margin.
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  /** Sum of text over all blocks: Slack has refused messages near 13k characters. */
  messageChars: 11_000,
  fallbackText: 3000,
} as const;

/** Cuts `text` to `max` characters, ending in "…" when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The first `max` items, and "… and N more" as the last line when some were left out. */
export function capLines(lines: string[], max: number): string[] {
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max - 1), `… and ${lines.length - max + 1} more`];
}

/** Joins lines into one mrkdwn text of at most `max` characters, dropping whole lines and saying how many. */
export function joinWithin(lines: string[], max: number = LIMITS.sectionText): string {
  let text = '';
  for (let i = 0; i < lines.length; i++) {
    const next = text ? `${text}\n${lines[i]}` : lines[i]!;
    const rest = lines.length - i;
    if (next.length > max - 24) return `${text}\n… and ${rest} more`.trimStart();
    text = next;
  }
  return text;
}

/**
 * Keeps a message within the block count and the total-text budget. Blocks dropped from the end
 * (before any trailing actions block) are replaced by a context line "… and N more".
 */
export function fitBlocks(blocks: KnownBlock[], maxBlocks: number = LIMITS.blocksPerMessage): KnownBlock[] {
  const tail = blocks.length > 0 && blocks[blocks.length - 1]!.type === 'actions' ? [blocks[blocks.length - 1]!] : [];
  const body = tail.length ? blocks.slice(0, -1) : blocks.slice();
  const budget = maxBlocks - tail.length;
  let kept = body.length > budget ? body.slice(0, budget - 1) : body;
  while (kept.length > 1 && textSize([...kept, ...tail]) > LIMITS.messageChars) kept = kept.slice(0, -1);
  const dropped = body.length - kept.length;
  if (dropped === 0) return blocks;
  return [...kept, moreContext(dropped), ...tail];
}

function moreContext(n: number): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `… and ${n} more` }] };
}

function textSize(blocks: KnownBlock[]): number {
  let n = 0;
  const walk = (v: unknown) => {
    if (typeof v === 'string') n += v.length;
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(blocks);
  return n;
}
