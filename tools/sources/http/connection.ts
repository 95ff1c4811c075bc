// A backend connection from its fleet-file section: auth and tenant headers, secrets read from the
// environment or files passed in (never from process.env here), deadline and reply cap.
import { HeadroomError } from '../../../analytics/errors.js';
import type { EvidenceSecretRef } from '../../config/evidence-schema.js';
import { type Env, readSecret } from '../../prometheus/secrets.js';
import type { BackendConnection } from './request-json.js';

/** The fields of the schema's httpBackendShape. */
export interface HttpBackendConfig {
  url: string;
  tenant?: string | undefined;
  auth?: { bearer: EvidenceSecretRef } | { basic: { username: string; password: EvidenceSecretRef } } | undefined;
  timeoutMs: number;
  maxResponseBytes: number;
}

export function connectionFromConfig(config: HttpBackendConfig, env: Env, what: string): BackendConnection {
  const headers: Record<string, string> = {};
  if (config.tenant) headers['x-scope-orgid'] = config.tenant;
  const auth = config.auth;
  if (auth && 'bearer' in auth) headers.authorization = `Bearer ${readSecret(auth.bearer, env, `${what}.auth.bearer`)}`;
  if (auth && 'basic' in auth) {
    const password = readSecret(auth.basic.password, env, `${what}.auth.basic.password`);
    headers.authorization = `Basic ${Buffer.from(`${auth.basic.username}:${password}`).toString('base64')}`;
  }
  if (!config.url) throw new HeadroomError('CONFIG_INVALID', `${what}.url is missing`);
  return {
    baseUrl: config.url.replace(/\/+$/, ''),
    timeoutMs: config.timeoutMs,
    maxResponseBytes: config.maxResponseBytes,
    headers,
  };
}
