import { type Logger, pino } from 'pino';
import type { AlertIntakeBundle } from '../../tools/alerts/index.js';
import type { FleetConfig } from '../../tools/config/load-fleet.js';
import type { ToolDeps } from '../../tools/registry/index.js';
import { listenForAlerts } from '../app/alert-intake.js';
import type { FleetClock } from '../app/clock.js';
import type { Core } from '../core/core.js';
import type { IncidentService } from '../incidents/service.js';
import type { HeadroomMetrics } from '../ops/metrics.js';
import type { ShadowService } from '../shadow/service.js';
import type { Store } from '../store/index.js';
import { startSlackBot } from './bot.js';
import { type ClaudeEnv, questionHandlerFor } from './questions/compose.js';
import { describeTransport, type SlackTransport } from './transport.js';

/** Logs go to stderr as JSON lines; tokens and the signing secret are never logged. */
export function slackLogger(): Logger {
  return pino(
    { name: 'headroom-slack', redact: ['token', 'botToken', 'appToken', 'signingSecret'] },
    pino.destination(2),
  );
}

/**
 * `headroom start` with Slack credentials: serves the same handlers in Slack, subscribed to the
 * process's shadow service, until SIGINT/SIGTERM.
 */
export async function serveSlack(input: {
  transport: Exclude<SlackTransport, { kind: 'console' }>;
  config: FleetConfig;
  core: Core;
  store: Store;
  clock: FleetClock;
  /** The one poll loop: Slack subscribes, and pushed alerts poll through it. */
  shadow: ShadowService;
  pollMs: number;
  log: Logger;
  say: (text: string) => void;
  alertIntake?: AlertIntakeBundle;
  /** ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL and the tools' deps: questions go to Claude when a key is set. */
  claude?: ClaudeEnv & { toolDeps: ToolDeps };
  metrics?: HeadroomMetrics;
  /** Incident commands in Slack, and the updates in the recommendation's thread. */
  incidents?: IncidentService;
}): Promise<void> {
  const { log } = input;
  const http = input.config.slack?.http;
  const questions = input.claude
    ? questionHandlerFor({
        config: input.config,
        core: input.core,
        store: input.store,
        now: () => input.clock.now(),
        log,
        claude: input.claude,
        toolDeps: input.claude.toolDeps,
      })
    : undefined;
  const bot = await startSlackBot({
    transport: input.transport,
    config: input.config,
    core: input.core,
    store: input.store,
    clock: input.clock,
    log,
    pollMs: input.pollMs,
    shadow: input.shadow,
    bolt: http ? { http } : {},
    ...(questions ? { questions: questions.handler } : {}),
    ...(input.metrics ? { metrics: input.metrics } : {}),
    ...(input.incidents ? { incidents: input.incidents } : {}),
  });
  const where = bot.port !== undefined ? ` on http://${http?.host ?? '127.0.0.1'}:${bot.port}${http?.path ?? ''}` : '';
  input.say(
    `Serving ${describeTransport(input.transport)}${where}; recommendations go to ${bot.deps.settings.channel}.`,
  );
  input.say(
    questions?.kind === 'claude'
      ? `Questions in threads are answered by Claude (${input.config.claude?.model ?? 'default model'}) through the read-only tools.`
      : 'Questions in threads are answered by the deterministic what-if reader (set ANTHROPIC_API_KEY for Claude).',
  );
  const stopAlerts = await listenForAlerts(
    input.alertIntake,
    () => input.shadow.pollNow(),
    input.say,
    (err) => log.error({ err }, 'shadow poll on a pushed alert failed'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stopAlerts();
  // no poll runs once Slack has gone
  await input.shadow.stop();
  await bot.stop();
  await questions?.stop();
}
