import type { Logger } from 'pino';
import type { FleetConfig } from '../../tools/config/load-fleet.js';
import type { HandlerDeps } from '../handlers/commands.js';
import type { IncidentService } from '../incidents/service.js';
import type { CapacityChartRenderer } from './charts/capacity-png.js';
import type { IncidentThreadPoster } from './incidents/thread-poster.js';
import type { SlackOut } from './out.js';
import type { QuestionHandler } from './questions/types.js';
import type { RoleResolver } from './roles.js';
import type { ShadowPoster } from './shadow/poster.js';

export interface SlackSettings {
  /** Where shadow-mode recommendations are posted. */
  channel: string;
  reportChannel: string;
  report: { cron: string; timezone: string };
}

/** What every listener receives: the shared handlers' deps plus Slack's own pieces. */
export interface SlackDeps extends HandlerDeps {
  config: FleetConfig;
  settings: SlackSettings;
  out: SlackOut;
  roles: RoleResolver;
  questions: QuestionHandler;
  renderChart: CapacityChartRenderer;
  poster: ShadowPoster;
  /** Posts the weekly report now (the /capacity report admin command and the scheduler). */
  postWeeklyReport: (atMs: number) => Promise<{ channel: string; ts: string }>;
  log: Logger;
  /** Incidents in Slack (absent when the bot runs without them, e.g. some tests). */
  incidents?: { service: IncidentService; threads: IncidentThreadPoster };
}
