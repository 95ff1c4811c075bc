import { type ParseArgsConfig, parseArgs } from 'node:util';
import { HeadroomError } from '../../analytics/errors.js';

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
  return parseArgs({ args: argv, options: { ...COMMON_OPTIONS, ...options }, allowPositionals, strict: true });
}

export function parseAtOption(text: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text);
  if (!Number.isFinite(ms)) {
    throw new HeadroomError(
      'BAD_TIME',
      `--at: cannot read "${text}" as a time; use ISO-8601 like 2026-03-03T21:30:00Z`,
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
