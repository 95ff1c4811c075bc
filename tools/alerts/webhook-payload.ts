// Alertmanager's webhook body (payload version 4), validated, and normalised to one event per
// alert that names a work unit of the fleet.
import { z } from 'zod';
import type { WorkUnitId } from '../../analytics/types.js';

const labelMap = z.record(z.string(), z.string());
const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an RFC 3339 timestamp');

export const webhookAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelMap,
  annotations: labelMap.default({}),
  startsAt: timestamp,
  endsAt: timestamp.optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1).max(128),
});

export const webhookPayloadSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labelMap.default({}),
  commonLabels: labelMap.default({}),
  commonAnnotations: labelMap.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(webhookAlertSchema).max(10_000),
});

export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

export interface AlertEvent {
  fingerprint: string;
  workUnit: WorkUnitId;
  status: 'firing' | 'resolved';
  alertName: string;
  startsAtMs: number;
  labels: Record<string, string>;
  summary: string;
}

export interface LabelMapping {
  /** Alert label carrying the work unit. */
  workUnitLabel: string;
  /** Label value → work unit id, for alerts that name units their own way. */
  aliases: Readonly<Record<string, WorkUnitId>>;
  knownUnits: ReadonlySet<WorkUnitId>;
}

export interface Normalised {
  events: AlertEvent[];
  ignored: Array<{ fingerprint: string; reason: string }>;
}

export function normaliseAlerts(payload: WebhookPayload, mapping: LabelMapping): Normalised {
  const out: Normalised = { events: [], ignored: [] };
  for (const alert of payload.alerts) {
    const raw = alert.labels[mapping.workUnitLabel] ?? payload.commonLabels[mapping.workUnitLabel];
    if (raw === undefined) {
      out.ignored.push({ fingerprint: alert.fingerprint, reason: `no "${mapping.workUnitLabel}" label` });
      continue;
    }
    const workUnit = mapping.aliases[raw] ?? raw;
    if (!mapping.knownUnits.has(workUnit)) {
      out.ignored.push({ fingerprint: alert.fingerprint, reason: `"${raw}" is not a work unit of this fleet` });
      continue;
    }
    out.events.push({
      fingerprint: alert.fingerprint,
      workUnit,
      status: alert.status,
      alertName: alert.labels.alertname ?? 'unnamed alert',
      startsAtMs: Date.parse(alert.startsAt),
      labels: alert.labels,
      summary: alert.annotations.summary ?? alert.annotations.description ?? '',
    });
  }
  return out;
}
