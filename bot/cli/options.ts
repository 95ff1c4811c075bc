import { type ParseArgsConfig, parseArgs } from 'node:util';
import { HeadroomError } from '../../analytics/errors.js';
import { ISO_EXAMPLE, parseIsoInstant } from '../../tools/config/instant.js';

export { parseAssignments } from '../handlers/parse.js';

/** Options every fleet command accepts. */
export const COMMON_OPTIONS = {
  fleet: { type: 'string' },
  scenario: { type: 'string' },
  at: { type: 'string' },
  seed: { type: 'string' },
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

export const COMMON_HELP = `Common options:
  --fleet FILE      fleet configuration (default: manifests/fleet.example.yaml)
  --scenario FILE   simulated-fleet scenario with faults (default: none, a quiet fleet)
  --at ISO          the moment to evaluate (overrides the scenario's "at"; default: now)
  --seed N          simulator seed (overrides the scenario's seed)
  --db FILE         SQLite store (default: $HEADROOM_DB or ./data/headroom.db)
  --json            machine-readable output`;

export interface CommonOptions {
  fleet?: string;
  scenario?: string;
  at?: string;
  seed?: string;
  db?: string;
  json: boolean;
}

/** Strict parsing: an unknown option or a missing value is a usage error (exit 1). */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: O,
  allowPositionals = true,
) {
  const all = { ...COMMON_OPTIONS, ...options };
  return parseArgs({ args: joinNegativeValues(argv, all), options: all, allowPositionals, strict: true });
}

/**
 * "--grow -10" as "--grow=-10": node's parser takes a value starting with "-" for an option and
 * refuses it as ambiguous, but a negative number after an option that takes a value is that value.
 */
function joinNegativeValues(argv: string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** Times Headroom evaluates: from 2000 to 2100 (anything else is a slip: 2026 read as seconds, milliseconds). */
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(2100, 0, 1);

/** A time option (`--at`, `--from`): ISO 8601 with a zone, or unix seconds; `name` is how errors call it. */
export function parseAtOption(text: string, name = '--at'): number {
  const bad = (why: string) => new HeadroomError('BAD_TIME', `${name}: cannot read "${text}" as a time: ${why}`);
  let ms: number;
  if (/^\d+$/.test(text)) {
    ms = Number(text) * 1000;
    if (text.length >= 13) throw bad('that looks like milliseconds; give unix seconds or ISO 8601');
  } else {
    const parsed = parseIsoInstant(text);
    if ('problem' in parsed) throw bad(parsed.problem);
    ms = parsed.ms;
  }
  if (!(ms >= EARLIEST_MS && ms < LATEST_MS)) {
    throw bad(
      `it is ${Number.isFinite(ms) ? new Date(ms).toISOString() : 'out of range'}; Headroom evaluates times from 2000 to 2100 (unix seconds or ISO 8601, e.g. ${ISO_EXAMPLE})`,
    );
  }
  return ms;
}

export function parseSeedOption(text: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new HeadroomError('USAGE', `--seed must be a whole number, not "${text}"`);
  return Number(text);
}

export function positional(values: string[], index: number, name: string, usage: string): string {
  const v = values[index];
  if (!v) throw new HeadroomError('USAGE', `missing ${name}. Usage: ${usage}`);
  return v;
}
