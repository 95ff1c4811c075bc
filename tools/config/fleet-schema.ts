import { z } from 'zod';
import { SIGNAL_SOURCES, UNIT_STATES } from '../../analytics/vocabulary.js';
import { claudeSchema } from './claude-schema.js';
import { parseCron } from './cron.js';
import { evidenceSchema } from './evidence-schema.js';
import { incidentsSchema } from './incidents-schema.js';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an id of lower-case letters, digits and dashes');
const timezone = z.string().refine(isTimezone, 'an IANA timezone such as Europe/Berlin');
const fraction = z.number().min(0).max(1);
const positive = z.number().positive();
const latencyPair = z.strictObject({ p50: positive, p95: positive });

function isTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const workUnitSchema = z.strictObject({
  id,
  cloudRegion: z.string().min(1),
  timezone,
  state: z.enum(UNIT_STATES),
  limits: z.strictObject({ connections: positive, networkMbps: positive }),
  capacityHintRps: positive.optional(),
});

export const thresholdsSchema = z.strictObject({
  headroomWarning: fraction.default(0.2),
  reserveAfterFailover: fraction.default(0.1),
  safeLoadFactor: fraction.default(0.8),
  pollIntervalSeconds: z.number().int().min(15).max(86_400).default(300),
  signalFreshnessSeconds: z.number().int().positive().default(600),
  errorRateFiring: fraction.default(0.05),
  latencyP95FiringMs: positive.default(800),
  utilisationFiring: fraction.default(0.95),
  connectionDropRatio: fraction.default(0.35),
  planningHorizonHours: z.number().int().min(1).max(72).default(6),
  herdFactorWarm: z.number().min(0).max(5).default(0.25),
  herdFactorCold: z.number().min(0).max(5).default(0.6),
  stageMaxShareOfTarget: z.number().min(0.05).max(10).default(0.25),
  stageIntervalMinutes: z.number().int().min(1).max(240).default(10),
});

export const rolesSchema = z.strictObject({
  admins: z.array(z.string()).default([]),
  operators: z.array(z.string()).default([]),
  viewers: z.array(z.string()).default([]),
});

/** How the central reaches each work unit's edge agent (mutual TLS). Optional: without it the edge signal is "unknown". */
export const edgeSchema = z.strictObject({
  tls: z.strictObject({ cert: z.string().min(1), key: z.string().min(1), ca: z.string().min(1) }),
  deadlineMs: z.number().int().min(1).max(60_000).default(100),
  /** A report older than this is stale and yields "unknown". */
  freshnessSeconds: z.number().int().positive().default(60),
  breaker: z
    .strictObject({
      failuresToOpen: z.number().int().min(1).default(3),
      cooldownMs: z.number().int().min(0).default(30_000),
    })
    .default({ failuresToOpen: 3, cooldownMs: 30_000 }),
  agents: z.record(
    id,
    z.strictObject({
      target: z.string().regex(/^[^\s:]+:\d{1,5}$/, 'HOST:PORT'),
      /** The identity (DNS SAN) the agent's certificate must carry. */
      identity: z.string().min(1),
    }),
  ),
});

/** A secret named in config, never written in it: an environment variable name or a file path. */
const secretRef = z.union([
  z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') }),
  z.strictObject({ file: z.string().min(1) }),
]);

/** The organisation's Prometheus (used when signals.telemetry is "prometheus"). Queries default per metric. */
export const prometheusSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  timeoutMs: z.number().int().min(100).max(300_000).default(10_000),
  /** Tenant of a multi-tenant engine (Mimir, Cortex, Thanos receive, Loki-style gateways): sent as X-Scope-OrgID. */
  tenant: z.string().min(1).max(150).optional(),
  /** Label that carries the work unit id (and the client region id on the region-load query). */
  workUnitLabel: z
    .string()
    .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/)
    .default('work_unit'),
  clientRegionLabel: z
    .string()
    .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/)
    .default('client_region'),
  /** PromQL per metric (keys: the unit metrics and regionLoad); missing keys use the documented defaults. */
  queries: z.record(z.string(), z.string().min(1)).default({}),
  auth: z
    .union([
      z.strictObject({ bearer: secretRef }),
      z.strictObject({ basic: z.strictObject({ username: z.string().min(1), password: secretRef }) }),
    ])
    .optional(),
  /** Client certificate (mutual TLS) and/or a private CA, as file paths. */
  tls: z
    .strictObject({
      ca: z.string().min(1).optional(),
      cert: z.string().min(1).optional(),
      key: z.string().min(1).optional(),
    })
    .optional(),
});

/** The Alertmanager webhook intake (HTTP server in the bot). */
export const alertIntakeSchema = z.strictObject({
  listen: z.strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535),
    /** PEM files; required for a non-loopback host unless allowPlaintext (the token travels in the request). */
    tls: z.strictObject({ cert: z.string().min(1), key: z.string().min(1) }).optional(),
    allowPlaintext: z.boolean().default(false),
  }),
  /** A connection that has not sent its headers (or whole request) by then is closed. */
  headersTimeoutMs: z.number().int().min(100).max(120_000).default(5_000),
  requestTimeoutMs: z.number().int().min(100).max(300_000).default(10_000),
  path: z.string().startsWith('/').default('/alertmanager'),
  auth: z.union([z.strictObject({ bearer: secretRef }), z.strictObject({ hmac: secretRef })]),
  maxBodyBytes: z.number().int().min(1024).max(10_485_760).default(262_144),
  /** Alert label whose value names the work unit, and optional renames (label value → work unit id). */
  workUnitLabel: z.string().min(1).default('work_unit'),
  workUnitAliases: z.record(z.string(), id).default({}),
  /** No webhook for this long → the alertmanager signal is "unknown" (0 = no heartbeat check). */
  heartbeatSeconds: z.number().int().min(0).default(0),
  /**
   * A firing alert not notified again for this long reads "unknown" (its resolution may be lost).
   * Keep it above Alertmanager's repeat_interval (4 h by default); 0 = never.
   */
  firingTtlMinutes: z.number().int().min(0).default(300),
  /** SQLite file that keeps accepted alerts across restarts. */
  database: z.string().min(1),
});

/** The external anomaly-detection API (generic JSON contract, see docs/telemetry.md). */
export const anomalyApiSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  timeoutMs: z.number().int().min(50).max(60_000).default(2_000),
  retries: z.number().int().min(0).max(5).default(2),
  breaker: z
    .strictObject({
      failuresToOpen: z.number().int().min(1).default(3),
      cooldownMs: z.number().int().min(0).default(30_000),
    })
    .default({ failuresToOpen: 3, cooldownMs: 30_000 }),
  auth: z.strictObject({ bearer: secretRef }).optional(),
  /** A state older than this is stale and yields "unknown". */
  freshnessSeconds: z.number().int().positive().default(600),
});

/** The Slack app: where shadow-mode recommendations and the weekly report go, and the HTTP listener (HTTP mode). */
export const slackSchema = z.strictObject({
  /** Channel ID (C…) for shadow-mode recommendations. */
  channel: z.string().regex(/^[CG][A-Z0-9]+$/, 'a channel ID such as C0123ABCD'),
  /** Channel ID for the weekly report; the recommendations channel when absent. */
  reportChannel: z
    .string()
    .regex(/^[CG][A-Z0-9]+$/, 'a channel ID such as C0123ABCD')
    .optional(),
  report: z
    .strictObject({
      /** Five-field cron: minute hour day-of-month month day-of-week. Default Monday 09:00. */
      cron: z
        .string()
        .default('0 9 * * 1')
        .superRefine((text, ctx) => {
          try {
            parseCron(text);
          } catch (err) {
            ctx.addIssue({ code: 'custom', message: (err as Error).message });
          }
        }),
      timezone: timezone.default('UTC'),
    })
    .default({ cron: '0 9 * * 1', timezone: 'UTC' }),
  /** HTTP mode only: where Bolt listens for Slack's requests. Loopback unless configured. */
  http: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65_535).default(3000),
      path: z.string().startsWith('/').default('/slack/events'),
    })
    .default({ host: '127.0.0.1', port: 3000, path: '/slack/events' }),
});

/** Links in untrusted text (alerts, logs, threads): defanged before Claude or Slack, except these hosts. */
export const linksSchema = z.strictObject({
  /** Host names ("grafana.corp.example") or domains ("*.corp.example"); none by default. */
  internalHosts: z
    .array(
      z
        .string()
        .regex(
          /^(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i,
          'a host name such as grafana.corp.example, or *.corp.example for every name under a domain',
        ),
    )
    .default([]),
});

export const fleetFileSchema = z
  .strictObject({
    name: z.string().min(1),
    workUnits: z.array(workUnitSchema).min(2),
    clientRegions: z.array(z.strictObject({ id, timezone, trafficShare: fraction })).min(1),
    routing: z.record(id, z.record(id, fraction)),
    ttfb: z.record(id, z.record(id, latencyPair)),
    transferCostPerGb: z.record(id, z.record(id, z.number().min(0))),
    avgResponseKb: positive,
    objective: z.strictObject({ latencyWeight: z.number().min(0), costWeight: z.number().min(0) }),
    thresholds: thresholdsSchema.default(thresholdsSchema.parse({})),
    signals: z
      .strictObject({
        telemetry: z.enum(['simulated', 'prometheus']).default('simulated'),
        sources: z
          .array(z.enum(SIGNAL_SOURCES))
          .min(1)
          .default([...SIGNAL_SOURCES]),
      })
      .default({ telemetry: 'simulated', sources: [...SIGNAL_SOURCES] }),
    roles: rolesSchema.default({ admins: [], operators: [], viewers: [] }),
    edge: edgeSchema.optional(),
    prometheus: prometheusSchema.optional(),
    alertIntake: alertIntakeSchema.optional(),
    anomalyApi: anomalyApiSchema.optional(),
    slack: slackSchema.optional(),
    claude: claudeSchema.optional(),
    /** Logs, traces, deploys and the warehouse (docs/evidence.md); absent: simulated with simulated telemetry. */
    evidence: evidenceSchema.optional(),
    incidents: incidentsSchema.optional(),
    links: linksSchema.default({ internalHosts: [] }),
  })
  .superRefine((fleet, ctx) => {
    const units = new Set(fleet.workUnits.map((u) => u.id));
    const regions = new Set(fleet.clientRegions.map((r) => r.id));
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

    for (const d of duplicates(fleet.workUnits.map((u) => u.id))) issue(['workUnits'], `unique ids ("${d}" repeats)`);
    for (const d of duplicates(fleet.clientRegions.map((r) => r.id)))
      issue(['clientRegions'], `unique ids ("${d}" repeats)`);
    const shareSum = fleet.clientRegions.reduce((s, r) => s + r.trafficShare, 0);
    if (Math.abs(shareSum - 1) > 1e-6)
      issue(['clientRegions'], `trafficShare values sum to 1 (they sum to ${round(shareSum)})`);

    for (const region of regions) {
      const weights = fleet.routing[region];
      if (!weights) {
        issue(['routing'], `routing for client region "${region}"`);
        continue;
      }
      const sum = Object.values(weights).reduce((s, w) => s + w, 0);
      if (Math.abs(sum - 1) > 1e-6) issue(['routing', region], `weights that sum to 1 (they sum to ${round(sum)})`);
      for (const wu of Object.keys(weights)) {
        if (!units.has(wu)) issue(['routing', region, wu], `a known work unit (${[...units].join(', ')})`);
      }
      for (const wu of units) {
        if (!fleet.ttfb[region]?.[wu]) issue(['ttfb', region, wu], 'a {p50, p95} entry for every work unit');
        if (fleet.transferCostPerGb[wu]?.[region] === undefined)
          issue(['transferCostPerGb', wu, region], 'a price for every client region');
      }
    }
    for (const [section, table, rowKind] of [
      ['routing', fleet.routing, regions],
      ['ttfb', fleet.ttfb, regions],
      ['transferCostPerGb', fleet.transferCostPerGb, units],
    ] as const) {
      for (const key of Object.keys(table)) {
        if (!(rowKind as Set<string>).has(key))
          issue([section, key], `a declared ${rowKind === units ? 'work unit' : 'client region'}`);
      }
    }
    for (const [region, row] of Object.entries(fleet.ttfb)) {
      for (const [wu, pair] of Object.entries(row)) {
        if (!units.has(wu)) issue(['ttfb', region, wu], 'a declared work unit');
        if (pair.p95 < pair.p50) issue(['ttfb', region, wu, 'p95'], 'p95 ≥ p50');
      }
    }
    const deploys = fleet.evidence?.deploys;
    if (deploys?.kind === 'recorded') {
      for (const wu of Object.keys(deploys.edgeFiles))
        if (!units.has(wu))
          issue(['evidence', 'deploys', 'edgeFiles', wu], `a known work unit (${[...units].join(', ')})`);
      for (const [env, wu] of Object.entries(deploys.webhook?.environments ?? {}))
        if (!units.has(wu))
          issue(
            ['evidence', 'deploys', 'webhook', 'environments', env],
            `a known work unit (${[...units].join(', ')})`,
          );
      if (deploys.webhook && !deploys.webhook.github && !deploys.webhook.argocd)
        issue(
          ['evidence', 'deploys', 'webhook'],
          'a github secret or an argocd bearer token (an unauthenticated webhook is refused)',
        );
    }
    for (const wu of Object.keys(fleet.evidence?.units ?? {})) {
      if (!units.has(wu)) issue(['evidence', 'units', wu], `a known work unit (${[...units].join(', ')})`);
    }
    for (const wu of Object.keys(fleet.incidents?.owners ?? {})) {
      if (!units.has(wu)) issue(['incidents', 'owners', wu], `a known work unit (${[...units].join(', ')})`);
    }
    for (const wu of Object.keys(fleet.edge?.agents ?? {})) {
      if (!units.has(wu)) issue(['edge', 'agents', wu], `a known work unit (${[...units].join(', ')})`);
    }
    fleet.workUnits.forEach((u, i) => {
      if (u.state === 'cold-standby' && u.capacityHintRps === undefined)
        issue(['workUnits', i, 'capacityHintRps'], 'a capacity hint for a cold standby (it has no load history)');
    });
  });

export type FleetFile = z.infer<typeof fleetFileSchema>;
export type EdgeConfig = z.infer<typeof edgeSchema>;
export type SecretRef = z.infer<typeof secretRef>;
export type PrometheusConfig = z.infer<typeof prometheusSchema>;
export type AlertIntakeConfig = z.infer<typeof alertIntakeSchema>;
export type AnomalyApiConfig = z.infer<typeof anomalyApiSchema>;
export type SlackConfig = z.infer<typeof slackSchema>;
export type LinksConfig = z.infer<typeof linksSchema>;

function duplicates(ids: string[]): string[] {
  return [...new Set(ids.filter((x, i) => ids.indexOf(x) !== i))];
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
