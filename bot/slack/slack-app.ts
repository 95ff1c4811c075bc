import type { Logger } from 'pino';
import type { FleetConfig } from '../../tools/config/load-fleet.js';
import type { Core } from '../core/core.js';
import type { IncidentService } from '../incidents/service.js';
import type { HeadroomMetrics } from '../ops/metrics.js';
import type { Store } from '../store/index.js';
import { type BoltApp, type BoltOptions, createBoltApp } from './app.js';
import type { CapacityChartRenderer } from './charts/capacity-png.js';
import { renderChart as defaultRenderChart } from './charts/capacity-png.js';
import type { SlackDeps, SlackSettings } from './deps.js';
import { IncidentThreadPoster } from './incidents/thread-poster.js';
import { registerListeners } from './listeners.js';
import { SlackOut, slackErrorCode } from './out.js';
import { DeterministicQuestionHandler } from './questions/deterministic.js';
import type { QuestionHandler } from './questions/types.js';
import { RateLimits, type TIERS } from './rate-tiers.js';
import { postWeeklyReport } from './report/weekly.js';
import { RoleResolver } from './roles.js';
import { ShadowPoster } from './shadow/poster.js';
import type { SlackTransport } from './transport.js';

export interface SlackAppOptions {
  transport: Exclude<SlackTransport, { kind: 'console' }>;
  config: FleetConfig;
  core: Core;
  store: Store;
  now: () => number;
  log: Logger;
  bolt?: BoltOptions;
  questions?: QuestionHandler;
  renderChart?: CapacityChartRenderer;
  tiers?: typeof TIERS;
  metrics?: HeadroomMetrics;
  /** Incident commands and threads in Slack. */
  incidents?: IncidentService;
}

export interface SlackApp {
  bolt: BoltApp;
  deps: SlackDeps;
  threads?: IncidentThreadPoster;
}

export function slackSettings(config: FleetConfig): SlackSettings {
  const slack = config.slack;
  if (!slack)
    throw new Error(`${config.file}: a "slack" section with the recommendations channel is needed to run in Slack`);
  return { channel: slack.channel, reportChannel: slack.reportChannel ?? slack.channel, report: slack.report };
}

/** The Bolt app with every listener registered on the shared core, store and handlers (not started). */
export function createSlackApp(opts: SlackAppOptions): SlackApp {
  const { core, store, now, log } = opts;
  const settings = slackSettings(opts.config);
  const bolt = createBoltApp(opts.transport, { deliveries: store.slackDeliveries, ...opts.bolt }, log);
  if (opts.metrics) countSlackErrors(bolt.app.client, opts.metrics);
  const out = new SlackOut(bolt.app.client, new RateLimits(opts.tiers));
  const links = (wu: string) => opts.config.incidents.owners[wu]?.links ?? {};
  const poster = new ShadowPoster(store, out, settings.channel, log, now, links);
  const renderChart = opts.renderChart ?? defaultRenderChart;
  const threads = opts.incidents
    ? new IncidentThreadPoster({
        store,
        out,
        channel: settings.channel,
        settings: opts.incidents.settings,
        log,
        narrationPending: (id) => opts.incidents?.narrationPending(id) ?? false,
      })
    : undefined;
  const report = { core, store, out, renderChart, channel: settings.reportChannel, log };
  const deps: SlackDeps = {
    core,
    store,
    now,
    config: opts.config,
    settings,
    out,
    roles: new RoleResolver(opts.config.roles, (id) => out.usergroupMembers(id)),
    questions: opts.questions ?? new DeterministicQuestionHandler(core, now),
    renderChart,
    poster,
    postWeeklyReport: (atMs) => postWeeklyReport(report, atMs),
    log,
    ...(opts.incidents && threads ? { incidents: { service: opts.incidents, threads } } : {}),
  };
  registerListeners(bolt.app, deps);
  return { bolt, deps, ...(threads ? { threads } : {}) };
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
