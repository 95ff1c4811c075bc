import { z } from 'zod';
import { prometheusSchema } from '../tools/config/fleet-schema.js';
import { loadYamlFile } from '../tools/config/yaml-loader.js';

// The agent's own configuration file (--config): what to check locally. Everything is optional so an
// agent without a file still answers (and says what it cannot check).

const listenerProbe = z.strictObject({
  name: z.string().min(1),
  kind: z.literal('listener'),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(1).max(65_535),
  timeoutMs: z.number().int().min(1).max(10_000).default(200),
});

const processProbe = z.strictObject({
  name: z.string().min(1),
  kind: z.literal('process'),
  /** Substring of the process command line (from /proc). */
  match: z.string().min(1),
});

export const probeSchema = z.discriminatedUnion('kind', [listenerProbe, processProbe]);
export type ProbeConfig = z.infer<typeof probeSchema>;

/**
 * The unit's own Prometheus: the fleet file's `prometheus` section (same labels, query templates,
 * auth as named secrets and TLS files), with a URL that --prometheus-url may give instead, a
 * shorter timeout (a check cycle must not hang on it) and the age past which a sample is stale.
 */
export const localPrometheusSchema = prometheusSchema.extend({
  url: z.url({ protocol: /^https?$/ }).optional(),
  timeoutMs: z.number().int().min(100).max(60_000).default(2_000),
  /** A sample older than this is reported as stale and not used for the local thresholds. */
  freshnessMs: z.number().int().min(1_000).max(3_600_000).default(120_000),
});
export type LocalPrometheusConfig = z.infer<typeof localPrometheusSchema>;

export const agentConfigSchema = z.strictObject({
  /** How often the agent runs its checks, whether or not the central calls. */
  checkIntervalMs: z.number().int().min(50).max(600_000).default(5_000),
  probes: z.array(probeSchema).default([]),
  logs: z
    .strictObject({
      file: z.string().min(1),
      errorPattern: z.string().min(1).default('\\b(ERROR|FATAL|CRITICAL)\\b|level=error|"level":"error"'),
      windowMs: z.number().int().min(1_000).default(300_000),
      errorRateThresholdPerMinute: z.number().min(0).default(30),
    })
    .optional(),
  deploys: z.strictObject({ file: z.string().min(1) }).optional(),
  /** Local thresholds on the metrics snapshot; crossing one is a local anomaly. */
  thresholds: z
    .strictObject({
      errorRate: z.number().min(0).max(1).default(0.05),
      latencyP95Ms: z.number().positive().default(800),
      utilisation: z.number().min(0).max(1).default(0.95),
    })
    .default({ errorRate: 0.05, latencyP95Ms: 800, utilisation: 0.95 }),
  /** An OpenAI-compatible server on the unit's GPU (vLLM, Ollama, llama.cpp). */
  model: z
    .strictObject({
      /** Loopback only (the sidecar shares the pod's network): the agent talks to nothing else but the central. */
      endpoint: z
        .url()
        .refine(isLoopbackUrl, 'an http(s) URL on 127.0.0.1, [::1] or localhost (the local model server)'),
      model: z.string().min(1),
      timeoutMs: z.number().int().min(1).max(120_000).default(2_000),
      maxTokens: z.number().int().min(1).max(4_096).default(200),
    })
    .optional(),
  /** Where the local metrics snapshot comes from (see also --metrics and --prometheus-url). */
  metrics: z.strictObject({ prometheus: localPrometheusSchema.optional() }).optional(),
  /** Log a local alert when the central has not called for this long. */
  centralSilenceAlertMs: z.number().int().min(1_000).default(900_000),
});

export type AgentConfig = z.infer<typeof agentConfigSchema>;

export function defaultAgentConfig(): AgentConfig {
  return agentConfigSchema.parse({});
}

export function loadAgentConfig(file: string): AgentConfig {
  return loadYamlFile(file, agentConfigSchema, 'CONFIG_INVALID');
}

function isLoopbackUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return ['http:', 'https:'].includes(u.protocol) && ['127.0.0.1', '[::1]', 'localhost'].includes(u.hostname);
  } catch {
    return false;
  }
}
