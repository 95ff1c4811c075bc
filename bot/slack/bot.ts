import type { Logger } from 'pino';
import type { FleetClock } from '../app/clock.js';
import type { Leadership } from '../ha/leadership.js';
import type { HeadroomMetrics } from '../ops/metrics.js';
import { createShadowService, type ShadowService } from '../shadow/service.js';
import type { ShadowEvent } from '../shadow/shadow-loop.js';
import { CapacityAlerter, type CapacityAlertPost } from './capacity-alerts.js';
import type { SlackDeps } from './deps.js';
import { ReportScheduler } from './report/scheduler.js';
import { EvaluationNotice } from './shadow/evaluation-notice.js';
import { slackShadowSubscriber } from './shadow/subscriber.js';
import { createSlackApp, type SlackAppOptions } from './slack-app.js';

export { slackSettings } from './slack-app.js';

export interface SlackBotOptions extends Omit<SlackAppOptions, 'now'> {
  clock: FleetClock;
  log: Logger;
  /** Fleet time between shadow polls; 0 = no automatic polls (tests call pollNow). */
  pollMs: number;
  /**
   * The shadow loop Slack subscribes to (`headroom start` makes one for the process). Without it
   * the bot makes its own, from the options below, and stops it with the bot.
   */
  shadow?: ShadowService;
  /**
   * Replicas on one PostgreSQL store: only the leader polls, polls on pushed alerts and runs the
   * report scheduler; every replica serves Slack. Without it this process always leads.
   */
  leadership?: Leadership;
  metrics?: HeadroomMetrics;
}

export interface SlackBot {
  deps: SlackDeps;
  /** HTTP mode: the port Bolt listens on. */
  port?: number;
  /** One shadow poll now, its messages posted or edited before it resolves (none on a follower). */
  pollNow(): Promise<ShadowEvent[]>;
  /** The proactive capacity check now (it also runs hourly after scheduled polls). */
  checkCapacityAlerts(): Promise<CapacityAlertPost[]>;
  scheduler: ReportScheduler;
  stop(): Promise<void>;
}

/** The Slack app, started, as a subscriber of the shadow service (its own unless one is given). */
export async function startSlackBot(opts: SlackBotOptions): Promise<SlackBot> {
  const { clock, store, core, log } = opts;
  const now = () => clock.now();
  const { bolt, deps, threads } = createSlackApp({ ...opts, now });
  const { channel } = deps.settings;
  const scheduler = new ReportScheduler({
    cron: deps.settings.report.cron,
    timezone: deps.settings.report.timezone,
    clock,
    store,
    run: (atMs) => deps.postWeeklyReport(atMs),
    log,
  });
  const alerts = new CapacityAlerter({ core, store, out: deps.out, channel, renderChart: deps.renderChart, log });
  const subscriber = slackShadowSubscriber({
    poster: deps.poster,
    notice: new EvaluationNotice(deps.out, channel, log),
    scheduler,
    alerts,
    ...(threads ? { threads } : {}),
    lookAhead: opts.pollMs > 0,
    now,
    log,
  });
  const shadow =
    opts.shadow ??
    createShadowService({
      core,
      store,
      clock,
      pollMs: opts.pollMs,
      log,
      ...(opts.leadership ? { leadership: opts.leadership } : {}),
      ...(opts.metrics ? { metrics: opts.metrics } : {}),
      ...(opts.incidents ? { incidents: opts.incidents } : {}),
    });
  const unsubscribe = shadow.subscribe(subscriber);
  const { port } = await bolt.start();
  await shadow.start();

  return {
    deps,
    ...(port !== undefined ? { port } : {}),
    pollNow: () => shadow.pollNow(),
    checkCapacityAlerts: () => shadow.serially(() => alerts.check(now())),
    scheduler,
    async stop() {
      if (opts.shadow) await unsubscribe();
      else await shadow.stop();
      await bolt.stop();
      await deps.out.stop();
    },
  };
}
