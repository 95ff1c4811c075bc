import { readFileSync } from 'node:fs';
import { HeadroomError } from '../../analytics/errors.js';
import { MIN_TOKEN_LENGTH } from './bearer.js';

const HOW_TO_SET =
  'set HEADROOM_MCP_TOKEN or pass --token-file FILE (e.g. `openssl rand -hex 32 > ~/.headroom-mcp-token`); ' +
  'the token is never taken on the command line';

/**
 * The HTTP mode's bearer token: from --token-file, else from $HEADROOM_MCP_TOKEN (the CLI passes
 * the value in). Refuses to start without one, or with one too short to resist guessing.
 */
export function resolveBearerToken(tokenFile: string | undefined, envToken: string | undefined): string {
  const token = tokenFile === undefined ? (envToken ?? '').trim() : readTokenFile(tokenFile);
  const source = tokenFile === undefined ? 'HEADROOM_MCP_TOKEN' : `--token-file ${tokenFile}`;
  if (token === '') throw new HeadroomError('USAGE', `mcp --http needs a bearer token: ${HOW_TO_SET}`);
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new HeadroomError(
      'USAGE',
      `the token from ${source} must be at least ${MIN_TOKEN_LENGTH} characters with no spaces; ${HOW_TO_SET}`,
    );
  }
  return token;
}

function readTokenFile(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new HeadroomError('USAGE', `--token-file: cannot read ${file} (${(err as NodeJS.ErrnoException).code})`);
  }
}
