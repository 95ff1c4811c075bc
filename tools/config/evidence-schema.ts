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

export const tracesBackendSchema = z.discriminatedUnion('kind', [simulated], {
  error: 'a traces backend kind: simulated',
});

export const deploysBackendSchema = z.discriminatedUnion('kind', [simulated], {
  error: 'a deploys backend kind: simulated',
});

export const evidenceSchema = z.strictObject({
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
export type EvidenceSecretRef = z.infer<typeof secretRef>;
