import type { Verdict } from '../../../analytics/vocabulary.js';
import { defangLinks } from '../../agent/untrusted-links.js';
import { stripInvisible } from '../../agent/untrusted-normalise.js';
import type { KnownBlock } from '../slack-types.js';
import { clip, LIMITS } from './limits.js';

// Small constructors for the blocks Headroom uses, each clipping to its limit.

export const header = (text: string): KnownBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: clip(text, LIMITS.headerText), emoji: false },
});

export const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clip(text, LIMITS.sectionText) },
});

export const fields = (items: string[]): KnownBlock => ({
  type: 'section',
  fields: items.slice(0, LIMITS.fieldsPerSection).map((t) => ({ type: 'mrkdwn', text: clip(t, LIMITS.fieldText) })),
});

export const context = (...texts: string[]): KnownBlock => ({
  type: 'context',
  elements: texts.slice(0, LIMITS.contextElements).map((t) => ({ type: 'mrkdwn', text: clip(t, LIMITS.sectionText) })),
});

export const divider = (): KnownBlock => ({ type: 'divider' });

// Figures are written one way in every front end (bot/format/figures.ts).
export { day, money, pct, rps, signedMs, when } from '../../format/figures.js';

/** Slack mrkdwn escaping for text that comes from data. */
export const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Every verdict's label (the compiler holds the keys to the vocabulary). */
export const VERDICT_LABEL: Record<Verdict, string> = {
  failover: 'FAILOVER recommended',
  watch: 'WATCH',
  unknown: 'UNKNOWN — humans, please look',
  healthy: 'healthy',
};

/**
 * Text that came from data (alert summaries and annotations, log lines, thread text, a model's
 * answer) as Slack mrkdwn: without zero-width or bidi controls (no NFKC: "…" stays), links and images defanged
 * unless internal, then escaped. The same defanging as on the way to Claude (untrusted-links.ts).
 */
export const untrustedText = (text: string): string => esc(defangLinks(stripInvisible(text)));
