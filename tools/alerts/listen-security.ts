// Where the intake may listen, and how: loopback in plain HTTP; anywhere else only with TLS or an
// explicit opt-in, as the MCP server refuses a remote bind without --allow-remote.
import { isIP } from 'node:net';
import { HeadroomError } from '../../analytics/errors.js';
import { readFileOption } from '../prometheus/secrets.js';

export interface IntakeTls {
  cert: Buffer;
  key: Buffer;
}

export function isLoopbackAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** Throws a configuration error naming the fix when a non-loopback host would serve plain HTTP. */
export function checkIntakeBind(host: string, tls: IntakeTls | undefined, allowPlaintext: boolean): void {
  if (tls || allowPlaintext || isLoopbackAddress(host)) return;
  throw new HeadroomError(
    'CONFIG_INVALID',
    `alertIntake.listen.host ${host}: not a loopback address, and the webhook credentials would travel in ` +
      'plain HTTP. Set alertIntake.listen.tls {cert, key} (PEM files), or alertIntake.listen.allowPlaintext: true ' +
      'when a TLS proxy in front of it terminates the connection',
  );
}

export function readIntakeTls(files: { cert: string; key: string } | undefined): IntakeTls | undefined {
  if (!files) return undefined;
  return {
    cert: readFileOption(files.cert, 'alertIntake.listen.tls.cert'),
    key: readFileOption(files.key, 'alertIntake.listen.tls.key'),
  };
}
