import { z } from 'zod';

const link = z.url({ protocol: /^https?$/ });

/**
 * Incidents: where the runbooks are, the hysteresis of resolution, the reminder, and per work unit
 * the owning Slack user group and the links shown on posts.
 */
export const incidentsSchema = z.strictObject({
  /** Folder of Markdown runbooks, relative to the fleet file; the shipped examples when absent. */
  runbooks: z.string().min(1).optional(),
  resolveAfterHealthyPolls: z.number().int().min(1).max(100).default(3),
  reminderMinutes: z.number().int().min(1).max(1_440).default(10),
  owners: z
    .record(
      z.string(),
      z.strictObject({
        /** Slack user group id, e.g. S0123ABCD. */
        group: z
          .string()
          .regex(/^S[A-Z0-9]+$/, 'a Slack user group ID such as S0123ABCD')
          .optional(),
        links: z.record(z.string().min(1), link).default({}),
      }),
    )
    .default({}),
});

export type IncidentsConfig = z.infer<typeof incidentsSchema>;
export const INCIDENTS_DEFAULTS: IncidentsConfig = incidentsSchema.parse({});
