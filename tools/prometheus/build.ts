// Builds the Prometheus MetricsSource from the fleet file's `prometheus` section. Secrets are named
// there (env var or file) and resolved here with the environment the entry point passes in.
import type { FleetModel } from '../../analytics/types.js';
import type { PrometheusConfig } from '../config/fleet-schema.js';
import { PrometheusClient } from './client.js';
import type { HttpTls } from './http-json.js';
import { PrometheusMetricsSource, type PrometheusQueryError } from './metrics-source.js';
import { resolveQueries } from './queries.js';
import { type Env, readFileOption, readSecret } from './secrets.js';

export interface BuildPrometheusOptions {
  onQueryFailure?: (err: PrometheusQueryError) => void;
}

export function buildPrometheusMetricsSource(
  config: PrometheusConfig,
  fleet: FleetModel,
  env: Env,
  options: BuildPrometheusOptions = {},
): PrometheusMetricsSource {
  const labels = { unit: config.workUnitLabel, region: config.clientRegionLabel };
  const client = buildPrometheusClient(config, env);
  return new PrometheusMetricsSource({
    client,
    fleet,
    labels,
    queries: resolveQueries(config.queries, labels),
    ...(options.onQueryFailure ? { onQueryFailure: options.onQueryFailure } : {}),
  });
}

/** The HTTP client alone (URL, timeout, auth and TLS of a `prometheus` section); secrets resolved from `env`. */
export function buildPrometheusClient(config: PrometheusConnection, env: Env): PrometheusClient {
  return new PrometheusClient({
    baseUrl: config.url,
    timeoutMs: config.timeoutMs,
    headers: { ...authHeaders(config, env), ...(config.tenant ? { 'x-scope-orgid': config.tenant } : {}) },
    ...(config.tls ? { tls: tlsOptions(config.tls) } : {}),
  });
}

/** What a connection needs from a `prometheus` section (the edge agent's config reuses it). */
export type PrometheusConnection = Pick<PrometheusConfig, 'url' | 'timeoutMs' | 'auth' | 'tls'> &
  Partial<Pick<PrometheusConfig, 'tenant'>>;

function authHeaders(config: PrometheusConnection, env: Env): Record<string, string> {
  const auth = config.auth;
  if (!auth) return {};
  if ('bearer' in auth) return { authorization: `Bearer ${readSecret(auth.bearer, env, 'prometheus.auth.bearer')}` };
  const password = readSecret(auth.basic.password, env, 'prometheus.auth.basic.password');
  return { authorization: `Basic ${Buffer.from(`${auth.basic.username}:${password}`).toString('base64')}` };
}

function tlsOptions(tls: NonNullable<PrometheusConfig['tls']>): HttpTls {
  const out: HttpTls = {};
  if (tls.ca) out.ca = readFileOption(tls.ca, 'prometheus.tls.ca');
  if (tls.cert) out.cert = readFileOption(tls.cert, 'prometheus.tls.cert');
  if (tls.key) out.key = readFileOption(tls.key, 'prometheus.tls.key');
  return out;
}
