// The one way each kind of figure is written for people, in every front end (terminal text, Slack
// blocks, Markdown): thousands separators, percentages with a space, money per hour, signed
// deltas, and moments to the minute with their zone. JSON keeps raw numbers and ISO 8601 times.

type Figure = number | null | undefined;
const known = (x: Figure): x is number => x !== null && x !== undefined && Number.isFinite(x);

/** "41 %" (digits after the point on request). */
export const pct = (x: Figure, digits = 0): string => (known(x) ? `${(100 * x).toFixed(digits)} %` : 'n/a');
/** "12,345" */
export const count = (x: Figure): string => (known(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
/** "12,345 rps" */
export const rps = (x: Figure): string => (known(x) ? `${count(x)} rps` : 'n/a');
/** "+$15.29/h", "−$3.10/h" */
export const money = (x: Figure): string => (known(x) ? `${x >= 0 ? '+' : '−'}$${Math.abs(x).toFixed(2)}/h` : 'n/a');
/** "+35 ms", "−12 ms" */
export const signedMs = (x: Figure): string => (known(x) ? `${x >= 0 ? '+' : '−'}${count(Math.abs(x))} ms` : 'n/a');
/** "2026-03-03 21:30 UTC": a moment, to the minute, with its zone. */
export const when = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
/** "2026-03-03" */
export const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** What a what-if's per-unit load is: the load now, or the forecast peak of the moment asked about. */
export const whatifLoadWord = (moment: string): string => (moment === 'now' ? 'load' : 'peak');
