import type { Logger } from 'pino';
import type { FleetConfig } from '../../tools/config/load-fleet.js';
import type { FleetClock } from '../app/clock.js';
import type { Core } from '../core/core.js';
import { type Leadership, soleLeadership } from '../ha/leadership.js';
import { whileLeader } from '../ha/while-leader.js';
import type { IncidentService } from '../incidents/service.js';
import type { HeadroomMetrics } from '../ops/metrics.js';
import { startShadowRunner } from '../shadow/runner.js';
import { SerialQueue } from '../shadow/serial-queue.js';
import { type ShadowEvent, shadowPoll } from '../shadow/shadow-loop.js';
import type { Store } from '../store/index.js';
import { type BoltOptions, createBoltApp } from './app.js';
import { CapacityAlerter, type CapacityAlertPost } from './capacity-alerts.js';
import type { CapacityChartRenderer } from './charts/capacity-png.js';
import { renderChart as defaultRenderChart } from './charts/capacity-png.js';
import type { SlackDeps, SlackSettings } from './deps.js';
import { IncidentThreadPoster } from './incidents/thread-poster.js';
import { registerListeners } from './listeners.js';
import { SlackOut, slackErrorCode } from './out.js';
import { DeterministicQuestionHandler } from './questions/deterministic.js';
import type { QuestionHandler } from './questions/types.js';
import { RateLimits, type TIERS } from './rate-tiers.js';
import { ReportScheduler } from './report/scheduler.js';
import { postWeeklyReport } from './report/weekly.js';
import { RoleResolver } from './roles.js';
import { EvaluationNotice } from './shadow/evaluation-notice.js';
import { ShadowPoster } from './shadow/poster.js';
import type { SlackTransport } from './transport.js';

export interface SlackBotOptions {
  transport: Exclude<SlackTransport, { kind: 'console' }>;
  config: FleetConfig;
  core: Core;
  store: Store;
  clock: FleetClock;
  log: Logger;
  /** Fleet time between shadow polls; 0 = no automatic polls (tests call pollNow). */
  pollMs: number;
  bolt?: BoltOptions;
  questions?: QuestionHandler;
  renderChart?: CapacityChartRenderer;
  tiers?: typeof TIERS;
  /**
   * Replicas on one PostgreSQL store: only the leader runs the shadow loop, polls on pushed alerts
   * and the report scheduler; every replica serves Slack. Without it this process always leads.
   */
  leadership?: Leadership;
  metrics?: HeadroomMetrics;
  /** Incidents after every poll (on the leader), their updates in the recommendation's thread. */
  incidents?: IncidentService;
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

export function slackSettings(config: FleetConfig): SlackSettings {
  const slack = config.slack;
  if (!slack)
    throw new Error(`${config.file}: a "slack" section with the recommendations channel is needed to run in Slack`);
  return { channel: slack.channel, reportChannel: slack.reportChannel ?? slack.channel, report: slack.report };
}

/** Composes the Slack app around the shared core, store and handlers, and starts it. */
export async function startSlackBot(opts: SlackBotOptions): Promise<SlackBot> {
  const settings = slackSettings(opts.config);
  const bolt = createBoltApp(opts.transport, { deliveries: opts.store.slackDeliveries, ...opts.bolt }, opts.log);
  if (opts.metrics) countSlackErrors(bolt.app.client, opts.metrics);
  const out = new SlackOut(bolt.app.client, new RateLimits(opts.tiers));
  const now = () => opts.clock.now();
  const poster = new ShadowPoster(
    opts.store,
    out,
    settings.channel,
    opts.log,
    now,
    (wu) => opts.config.incidents.owners[wu]?.links ?? {},
  );
  const renderChart = opts.renderChart ?? defaultRenderChart;
  const threads = opts.incidents
    ? new IncidentThreadPoster({
        store: opts.store,
        out,
        channel: settings.channel,
        settings: opts.incidents.settings,
        log: opts.log,
        narrationPending: (id) => opts.incidents?.narrationPending(id) ?? false,
      })
    : undefined;
  const deps: SlackDeps = {
    core: opts.core,
    store: opts.store,
    now,
    config: opts.config,
    settings,
    out,
    roles: new RoleResolver(opts.config.roles, (id) => out.usergroupMembers(id)),
    questions: opts.questions ?? new DeterministicQuestionHandler(opts.core, now),
    renderChart,
    poster,
    postWeeklyReport: (atMs) =>
      postWeeklyReport(
        { core: opts.core, store: opts.store, out, renderChart, channel: settings.reportChannel, log: opts.log },
        atMs,
      ),
    log: opts.log,
    ...(opts.incidents && threads ? { incidents: { service: opts.incidents, threads } } : {}),
  };
  registerListeners(bolt.app, deps);
  const { port } = await bolt.start();

  const scheduler = new ReportScheduler({
    cron: settings.report.cron,
    timezone: settings.report.timezone,
    clock: opts.clock,
    store: opts.store,
    run: (atMs) => deps.postWeeklyReport(atMs),
    log: opts.log,
  });

  // Scheduled polls and polls on a pushed alert share one queue: never two at once. A poll that
  // cannot evaluate the fleet tells the channel (once), and the notice is edited when polls work again.
  const polls = new SerialQueue();
  const alerts = new CapacityAlerter({
    core: opts.core,
    store: opts.store,
    out,
    channel: settings.channel,
    renderChart,
    log: opts.log,
  });
  const notice = new EvaluationNotice(out, settings.channel, opts.log);
  let lastStaleLogged: number | undefined;
  const poll = async (atMs: number) => {
    const started = performance.now();
    let events: ShadowEvent[];
    try {
      events = await shadowPoll(opts.core, opts.store, atMs);
    } catch (err) {
      opts.metrics?.pollFinished((performance.now() - started) / 1000, 'failed', atMs);
      await notice.failed(err, atMs);
      throw err;
    }
    opts.metrics?.pollFinished((performance.now() - started) / 1000, 'ok', atMs);
    if (opts.metrics) opts.metrics.signalsObserved(opts.store.listObservations({ sinceMs: atMs }));
    await notice.succeeded(atMs);
    const stale = opts.core.historyRefreshFailure;
    if (stale && stale.atMs !== lastStaleLogged) {
      lastStaleLogged = stale.atMs;
      opts.log.warn(
        { reason: stale.message },
        'history refresh failed; baselines from the earlier history stay in use',
      );
    }
    await poster.onEvents(events);
    // the incident half of the loop: after the recommendation's message exists, so its thread does
    if (opts.incidents && threads) {
      await opts.incidents.afterPoll(atMs, events);
      await threads.sync(atMs);
    }
    // Scheduled polls also look ahead: at most hourly, a unit whose forecast starts to cross is said.
    if (opts.pollMs > 0) {
      await alerts
        .maybeCheck(atMs)
        .catch((err) => opts.log.warn({ err: (err as Error).message }, 'capacity alerts failed'));
    }
    return events;
  };
  const leadership = opts.leadership ?? soleLeadership();
  const pollNow = () =>
    leadership.role === 'leader' ? polls.run(() => poll(now())) : Promise.resolve<ShadowEvent[]>([]);
  // The leader's work: post what was never posted, catch up the report, poll on the clock.
  const leaderWork = whileLeader(
    leadership,
    async () => {
      await poster.reconcile();
      await threads?.sync(now());
      await scheduler.start();
      const runner =
        opts.pollMs > 0
          ? startShadowRunner({
              clock: opts.clock,
              pollMs: opts.pollMs,
              poll: (atMs) => poll(atMs),
              onError: (err) => opts.log.error({ err }, 'shadow poll failed'),
              queue: polls,
            })
          : undefined;
      return async () => {
        await runner?.stop();
        await scheduler.stop();
        await polls.idle();
      };
    },
    (err) => opts.log.error({ err }, 'leader work failed to start or stop'),
  );
  await leaderWork.ready;

  return {
    deps,
    ...(port !== undefined ? { port } : {}),
    pollNow,
    checkCapacityAlerts: () => polls.run(() => alerts.check(now())),
    scheduler,
    async stop() {
      await leaderWork.stop();
      await polls.idle();
      await bolt.stop();
      await out.stop();
    },
  };
}

/** Every Web API call goes through WebClient.apiCall (files uploads too): count the failures by method. */
function countSlackErrors(client: SlackOut['client'], metrics: HeadroomMetrics): void {
  const apiCall = client.apiCall.bind(client);
  client.apiCall = async (method, options) => {
    try {
      return await apiCall(method, options);
    } catch (err) {
      metrics.slackApiError(method, slackErrorCode(err));
      throw err;
    }
  };
}
