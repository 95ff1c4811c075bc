import type { KnownBlock } from '../slack/slack-types.js';

/**
 * Slack's mrkdwn as terminal text: *bold*, _italic_, ~strike~ and `code` lose their marks, links
 * and mentions keep their words, entities are decoded, emoji codes become words. The console shows
 * the answers Slack shows, so the figures are the same; only the markup goes.
 */
export function mrkdwnToText(text: string): string {
  return text
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/<#[A-Z0-9]+\|([^>]+)>/g, '#$1')
    .replace(/<#([A-Z0-9]+)>/g, '#$1')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<!(here|channel|everyone)>/g, '@$1')
    .replace(/```\n?([\s\S]*?)\n?```/g, '$1')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s).,;:!?]|$)/gm, '$1$2')
    .replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,;:!?]|$)/gm, '$1$2')
    .replace(/(^|[\s(])~([^~\n]+)~(?=[\s).,;:!?]|$)/gm, '$1$2')
    .replace(/:warning:/g, 'warning:')
    .replace(/:white_check_mark:/g, 'ok:')
    .replace(/:rotating_light:/g, 'alert:')
    .replace(/:[a-z0-9_+-]+:\s?/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

type TextObject = { type: string; text: string };
type AnyBlock = {
  type: string;
  text?: TextObject;
  fields?: TextObject[];
  elements?: (TextObject | { type: string; text?: TextObject })[];
};

/** A Block Kit message as terminal lines: headers underlined, context indented, buttons left out. */
export function blocksToText(blocks: readonly KnownBlock[]): string {
  const lines: string[] = [];
  for (const raw of blocks as unknown as AnyBlock[]) {
    switch (raw.type) {
      case 'header': {
        const title = mrkdwnToText(raw.text?.text ?? '');
        lines.push(title, '─'.repeat(Math.min(72, title.length)));
        break;
      }
      case 'section':
        if (raw.text) lines.push(mrkdwnToText(raw.text.text));
        for (const f of raw.fields ?? []) lines.push(`  ${mrkdwnToText(f.text).replace(/\n/g, ': ')}`);
        break;
      case 'context':
        for (const e of raw.elements ?? [])
          if ('text' in e && typeof e.text === 'string') lines.push(`  ${mrkdwnToText(e.text)}`);
        break;
      case 'divider':
        lines.push('');
        break;
      default:
        break; // actions (buttons) and images have no terminal form
    }
  }
  return lines.join('\n');
}
