// The `evidence` section of the fleet file: which backend serves logs, traces, deploys and the
// warehouse, globally or per work unit. Secrets are named (env var or file), never written here.
import { z } from 'zod';

// The same shape as fleet-schema's secretRef (defined here too: fleet-schema imports this file).
const secretRef = z.union([
  z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') }),
  z.strictObject({ file: z.string().min(1) }),
]);

/** How Headroom reaches an HTTP backend: URL, tenant (X-Scope-OrgID), auth, deadline, response cap. */
export const httpBackendShape = {
  url: z.url({ protocol: /^https?$/, error: 'an http(s) URL such as http://127.0.0.1:3100' }),
  /** Multi-tenant Loki, Tempo, Mimir: sent as X-Scope-OrgID. */
  tenant: z.string().min(1).optional(),
  auth: z
    .union([
      z.strictObject({ bearer: secretRef }),
      z.strictObject({ basic: z.strictObject({ username: z.string().min(1), password: secretRef }) }),
    ])
    .optional(),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** A reply larger than this is cut off and answered "unknown" (never buffered whole). */
  maxResponseBytes: z
    .number()
    .int()
    .min(1024)
    .max(256 * 1024 * 1024)
    .default(16 * 1024 * 1024),
};

const simulated = z.strictObject({ kind: z.literal('simulated') });
const label = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_.@]*$/, 'a label, field or attribute name such as work_unit');

export const lokiSchema = z.strictObject({
  kind: z.literal('loki'),
  ...httpBackendShape,
  /** Stream labels that carry the work unit, the service and the level. */
  labels: z
    .strictObject({
      workUnit: label.default('work_unit'),
      service: label.default('service'),
      level: label.default('level'),
    })
    .default({ workUnit: 'work_unit', service: 'service', level: 'level' }),
});

const OPENSEARCH_FIELDS = {
  time: '@timestamp',
  workUnit: 'work_unit',
  service: 'service',
  level: 'level',
  message: 'message',
  messageExact: 'message.keyword',
};

export const openSearchSchema = z.strictObject({
  kind: z.literal('opensearch'),
  ...httpBackendShape,
  /** Index or pattern searched, e.g. logs-* (comma-separated lists allowed). */
  index: z
    .string()
    .regex(/^[a-z0-9*][a-z0-9*,._-]*$/, 'an index name or pattern such as logs-*')
    .default('logs-*'),
  /** Document fields; messageExact is a keyword copy of the message (substring search). */
  fields: z
    .strictObject({
      time: label.default(OPENSEARCH_FIELDS.time),
      workUnit: label.default(OPENSEARCH_FIELDS.workUnit),
      service: label.default(OPENSEARCH_FIELDS.service),
      level: label.default(OPENSEARCH_FIELDS.level),
      message: label.default(OPENSEARCH_FIELDS.message),
      messageExact: label.default(OPENSEARCH_FIELDS.messageExact),
    })
    .default(OPENSEARCH_FIELDS),
});

export const logsBackendSchema = z.discriminatedUnion('kind', [simulated, lokiSchema, openSearchSchema], {
  error: 'a logs backend kind: simulated, loki, opensearch',
});

export const tempoSchema = z.strictObject({
  kind: z.literal('tempo'),
  ...httpBackendShape,
  /** Resource attribute carrying the work unit. */
  workUnitAttribute: label.default('work_unit'),
});

export const jaegerSchema = z.strictObject({
  kind: z.literal('jaeger'),
  ...httpBackendShape,
  /** Process tag carrying the work unit. */
  workUnitTag: label.default('work_unit'),
  /** Jaeger searches need a service: the one asked when the question names none (its spans start requests). */
  entryService: z.string().min(1),
});

export const tracesBackendSchema = z.discriminatedUnion('kind', [simulated, tempoSchema, jaegerSchema], {
  error: 'a traces backend kind: simulated, tempo, jaeger',
});

/** Deploys from the webhook (GitHub deployments, Argo CD notifications), kept in SQLite, plus edge deploy files. */
export const recordedDeploysSchema = z.strictObject({
  kind: z.literal('recorded'),
  /** SQLite file of received deploy events (relative paths: to the fleet file). */
  database: z.string().min(1),
  /** Per work unit: the JSON-lines deploy file its edge agent reads (the same format as edge-agent deployFile). */
  edgeFiles: z.record(z.string(), z.string().min(1)).default({}),
  webhook: z
    .strictObject({
      listen: z.strictObject({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65_535),
      }),
      path: z
        .string()
        .regex(/^\/[A-Za-z0-9/_-]*[A-Za-z0-9_-]$/, 'a path such as /deploys')
        .default('/deploys'),
      maxBodyBytes: z.number().int().min(1024).max(10_485_760).default(1_048_576),
      /** GitHub webhook secret (X-Hub-Signature-256). */
      github: z.strictObject({ secret: secretRef }).optional(),
      /** Bearer token the Argo CD notifications webhook sends. */
      argocd: z.strictObject({ bearer: secretRef }).optional(),
      /** GitHub deployment environment → work unit id (an environment named like a unit needs none). */
      environments: z.record(z.string(), z.string()).default({}),
    })
    .optional(),
});

export const deploysBackendSchema = z.discriminatedUnion('kind', [simulated, recordedDeploysSchema], {
  error: 'a deploys backend kind: simulated, recorded',
});

const warehouseLimits = {
  maxRows: z.number().int().min(1).max(100_000).default(1_000),
  maxBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1_048_576),
  timeoutMs: z.number().int().min(100).max(120_000).default(5_000),
};

/** The warehouse: DuckDB over exported hourly history (files or a database file), or the simulated fleet's export. */
export const warehouseSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('simulated'),
      days: z.number().int().min(14).max(1_500).default(730),
      ...warehouseLimits,
    }),
    z
      .strictObject({
        kind: z.literal('duckdb'),
        /** Parquet or CSV files (a glob; relative to the fleet file), e.g. warehouse/hourly-*.parquet */
        files: z.string().min(1).optional(),
        /** Or a DuckDB database file with an `hourly` table, opened read-only. */
        database: z.string().min(1).optional(),
        ...warehouseLimits,
      })
      .refine((w) => (w.files === undefined) !== (w.database === undefined), 'either files or database, not both'),
  ],
  {
    error: 'a warehouse kind: simulated, duckdb (ClickHouse is not supported: docs/evidence.md says why)',
  },
);

export const evidenceSchema = z.strictObject({
  warehouse: warehouseSchema.optional(),
  logs: logsBackendSchema.optional(),
  traces: tracesBackendSchema.optional(),
  deploys: deploysBackendSchema.optional(),
  /** Per work unit overrides of logs and traces (e.g. one region still on OpenSearch). */
  units: z
    .record(z.string(), z.strictObject({ logs: logsBackendSchema.optional(), traces: tracesBackendSchema.optional() }))
    .default({}),
});

export type EvidenceConfig = z.infer<typeof evidenceSchema>;
export type LogsBackendConfig = z.infer<typeof logsBackendSchema>;
export type TracesBackendConfig = z.infer<typeof tracesBackendSchema>;
export type DeploysBackendConfig = z.infer<typeof deploysBackendSchema>;
export type WarehouseConfig = z.infer<typeof warehouseSchema>;
export type RecordedDeploysConfig = z.infer<typeof recordedDeploysSchema>;
export type EvidenceSecretRef = z.infer<typeof secretRef>;
