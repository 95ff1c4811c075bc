// Builds the anomaly-API signal source from the fleet file's `anomalyApi` section.
import type { AnomalyApiConfig } from '../config/fleet-schema.js';
import { type Env, readSecret } from '../prometheus/secrets.js';
import { AnomalyApiClient } from './client.js';
import { AnomalyApiSignalSource } from './signal-source.js';

export { CircuitBreaker } from './circuit-breaker.js';
export { AnomalyApiClient, type ApiResult, type HistoryResponse, type UnitState } from './client.js';
export { AnomalyApiSignalSource } from './signal-source.js';

export function buildAnomalyApiSource(
  config: AnomalyApiConfig,
  env: Env,
  options: { now?: () => number; retryBaseMs?: number } = {},
): AnomalyApiSignalSource {
  const headers = config.auth
    ? { authorization: `Bearer ${readSecret(config.auth.bearer, env, 'anomalyApi.auth.bearer')}` }
    : undefined;
  const client = new AnomalyApiClient({
    baseUrl: config.url,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    breaker: config.breaker,
    ...(headers ? { headers } : {}),
    ...options,
  });
  return new AnomalyApiSignalSource({ client, freshnessMs: config.freshnessSeconds * 1000 });
}
