// Alertmanager webhook intake: build the store, the HTTP intake and the signal source from config.
import type { FleetModel } from '../../analytics/types.js';
import type { AlertIntakeConfig } from '../config/fleet-schema.js';
import { type Env, readSecret } from '../prometheus/secrets.js';
import { AlertStore } from './alert-store.js';
import { AlertIntake } from './intake-server.js';
import { readIntakeTls } from './listen-security.js';
import { AlertmanagerSignalSource } from './signal-source.js';
import type { WebhookAuth } from './webhook-auth.js';

export { AlertStore } from './alert-store.js';
export { AlertIntake, type AlertIntakeServer } from './intake-server.js';
export { checkIntakeBind, isLoopbackAddress } from './listen-security.js';
export { AlertmanagerSignalSource } from './signal-source.js';
export { SIGNATURE_HEADER, signBody, type WebhookAuth } from './webhook-auth.js';
export type { AlertEvent } from './webhook-payload.js';

export interface AlertIntakeBundle {
  store: AlertStore;
  intake: AlertIntake;
  source: AlertmanagerSignalSource;
  config: AlertIntakeConfig;
}

export function buildAlertIntake(config: AlertIntakeConfig, fleet: FleetModel, env: Env): AlertIntakeBundle {
  const auth: WebhookAuth =
    'bearer' in config.auth
      ? { kind: 'bearer', token: readSecret(config.auth.bearer, env, 'alertIntake.auth.bearer') }
      : { kind: 'hmac', secret: readSecret(config.auth.hmac, env, 'alertIntake.auth.hmac') };
  const knownUnits = new Set(fleet.workUnits.map((u) => u.id));
  const store = new AlertStore(config.database);
  const intake = new AlertIntake({
    store,
    auth,
    path: config.path,
    maxBodyBytes: config.maxBodyBytes,
    mapping: { workUnitLabel: config.workUnitLabel, aliases: config.workUnitAliases, knownUnits },
    allowPlaintext: config.listen.allowPlaintext,
    headersTimeoutMs: config.headersTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    ...(config.listen.tls ? { tls: readIntakeTls(config.listen.tls) } : {}),
  });
  const source = new AlertmanagerSignalSource({
    store,
    knownUnits,
    heartbeatMs: config.heartbeatSeconds * 1000,
    firingTtlMs: config.firingTtlMinutes * 60_000,
  });
  return { store, intake, source, config };
}
