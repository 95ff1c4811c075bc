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

export const pct = (x: number | null | undefined, digits = 0): string =>
  x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : `${(100 * x).toFixed(digits)} %`;
export const rps = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : `${Math.round(x).toLocaleString('en-US')} rps`;
export const money = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : `${x >= 0 ? '+' : '−'}$${Math.abs(x).toFixed(2)}/h`;
export const signedMs = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : `${x >= 0 ? '+' : '−'}${Math.abs(Math.round(x))} ms`;
/** "2026-03-03 21:30 UTC" */
export const when = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
export const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Slack mrkdwn escaping for text that comes from data. */
export const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const VERDICT_LABEL: Record<string, string> = {
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
