// Deployment events in the shapes GitHub and Argo CD send, normalised to DeployEvent. GitHub:
// `deployment` and `deployment_status` webhooks (the environment names the work unit). Argo CD: the
// notifications webhook service with the JSON template documented in docs/evidence.md.
import { z } from 'zod';
import type { WorkUnitId } from '../../analytics/types.js';
import type { DeployEvent } from '../sources/evidence.js';

export type Normalised = { event: DeployEvent; statusMs: number } | { ignored: string } | { problem: string };

const githubDeployment = z.object({
  id: z.number(),
  sha: z.string(),
  ref: z.string(),
  environment: z.string(),
  description: z.string().nullable().optional(),
  created_at: z.string(),
  updated_at: z.string().optional(),
  creator: z.object({ login: z.string() }).nullable().optional(),
  payload: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
});

const githubEvent = z.object({
  action: z.string().optional(),
  deployment: githubDeployment,
  deployment_status: z
    .object({
      state: z.string(),
      created_at: z.string(),
      description: z.string().nullable().optional(),
      creator: z.object({ login: z.string() }).nullable().optional(),
    })
    .optional(),
  repository: z.object({ name: z.string(), full_name: z.string().optional() }),
});

const GITHUB_STATES: Record<string, DeployEvent['status']> = {
  success: 'succeeded',
  failure: 'failed',
  error: 'failed',
  in_progress: 'started',
  queued: 'started',
  pending: 'started',
  inactive: 'unknown',
};

export function fromGitHub(
  eventName: string | undefined,
  body: unknown,
  unitOf: (environment: string) => WorkUnitId | undefined,
): Normalised {
  if (eventName === 'ping') return { ignored: 'ping' };
  if (eventName !== 'deployment' && eventName !== 'deployment_status')
    return { ignored: `GitHub event ${eventName ?? '(none)'} is not a deployment` };
  const parsed = githubEvent.safeParse(body);
  if (!parsed.success)
    return {
      problem: `not a GitHub ${eventName} payload: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
    };
  const { deployment: d, deployment_status: s, repository } = parsed.data;
  const workUnit = unitOf(d.environment);
  if (!workUnit)
    return {
      problem: `environment "${d.environment}" names no work unit (add it to evidence.deploys.webhook.environments)`,
    };
  const payload = typeof d.payload === 'object' ? d.payload : {};
  const version =
    typeof payload.version === 'string'
      ? payload.version
      : d.ref !== d.sha && !/^refs\//.test(d.ref)
        ? d.ref
        : d.sha.slice(0, 12);
  const status = s ? (GITHUB_STATES[s.state] ?? 'unknown') : 'started';
  const statusAt = Date.parse(s?.created_at ?? d.updated_at ?? d.created_at);
  const description = s?.description ?? d.description ?? undefined;
  const actor = s?.creator?.login ?? d.creator?.login;
  return {
    event: {
      id: `github:${d.id}`,
      workUnit,
      service: typeof payload.service === 'string' ? payload.service : repository.name,
      version,
      timeMs: Date.parse(d.created_at),
      status,
      source: 'github',
      ...(actor ? { actor } : {}),
      ...(description ? { description } : {}),
    },
    statusMs: Number.isFinite(statusAt) ? statusAt : Date.parse(d.created_at),
  };
}

/** The body the Argo CD notifications template posts (docs/evidence.md). */
const argoEvent = z.strictObject({
  app: z.string().min(1),
  workUnit: z.string().min(1),
  revision: z.string().min(1),
  phase: z.enum(['Running', 'Succeeded', 'Failed', 'Error', 'Terminating']),
  startedAt: z.string().min(1),
  finishedAt: z.string().optional(),
  initiatedBy: z.string().optional(),
  message: z.string().optional(),
});

const ARGO_PHASES: Record<string, DeployEvent['status']> = {
  Running: 'started',
  Succeeded: 'succeeded',
  Failed: 'failed',
  Error: 'failed',
  Terminating: 'unknown',
};

export function fromArgoCd(body: unknown, known: (workUnit: string) => boolean): Normalised {
  const parsed = argoEvent.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      problem: `not an Argo CD notification in the documented template: ${issue?.path.join('.') || '(body)'}: ${issue?.message}`,
    };
  }
  const e = parsed.data;
  if (!known(e.workUnit)) return { problem: `workUnit "${e.workUnit}" is not a work unit of this fleet` };
  const startedMs = Date.parse(e.startedAt);
  if (!Number.isFinite(startedMs)) return { problem: `startedAt "${e.startedAt}" is not an ISO-8601 time` };
  const finishedMs = e.finishedAt ? Date.parse(e.finishedAt) : Number.NaN;
  return {
    event: {
      id: `argocd:${e.workUnit}:${e.app}:${e.revision}`,
      workUnit: e.workUnit,
      service: e.app,
      version: e.revision.length > 12 && /^[0-9a-f]+$/.test(e.revision) ? e.revision.slice(0, 12) : e.revision,
      timeMs: startedMs,
      status: ARGO_PHASES[e.phase]!,
      source: 'argocd',
      ...(e.initiatedBy ? { actor: e.initiatedBy } : {}),
      ...(e.message ? { description: e.message } : {}),
    },
    statusMs: Number.isFinite(finishedMs) ? finishedMs : startedMs,
  };
}
