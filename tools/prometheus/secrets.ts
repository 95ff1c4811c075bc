// Secrets are named in config (an environment variable or a file), never written in it. The
// environment is passed in by the entry point: nothing under tools/ reads the process environment.
import { readFileSync } from 'node:fs';
import { HeadroomError } from '../../analytics/errors.js';
import type { SecretRef } from '../config/fleet-schema.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** The secret's value; a missing variable or unreadable file is a configuration error (the message names it, never the value). */
export function readSecret(ref: SecretRef, env: Env, what: string): string {
  if ('env' in ref) {
    const value = env[ref.env];
    if (!value) throw new HeadroomError('CONFIG_INVALID', `${what}: environment variable ${ref.env} is not set`);
    return value;
  }
  try {
    const value = readFileSync(ref.file, 'utf8').trim();
    if (!value) throw new Error('empty file');
    return value;
  } catch (err) {
    throw new HeadroomError(
      'CONFIG_INVALID',
      `${what}: cannot read secret file ${ref.file} (${(err as Error).message})`,
    );
  }
}

export function readFileOption(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new HeadroomError('CONFIG_INVALID', `${what}: cannot read ${path} (${(err as Error).message})`);
  }
}
