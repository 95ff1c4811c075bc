import type { Logger } from 'pino';
import type { ShadowSubscriber } from '../../shadow/service.js';
import type { CapacityAlerter } from '../capacity-alerts.js';
import type { IncidentThreadPoster } from '../incidents/thread-poster.js';
import type { ReportScheduler } from '../report/scheduler.js';
import type { EvaluationNotice } from './evaluation-notice.js';
import type { ShadowPoster } from './poster.js';

export interface SlackShadowParts {
  poster: ShadowPoster;
  notice: EvaluationNotice;
  scheduler: ReportScheduler;
  alerts: CapacityAlerter;
  /** Incident threads, when incidents are tracked. */
  threads?: IncidentThreadPoster;
  /** Scheduled polls also look ahead (at most hourly): a unit whose forecast starts to cross is said. */
  lookAhead: boolean;
  now: () => number;
  log: Logger;
}

/**
 * Slack as a front end of the shadow service: recommendations posted and edited, the fleet that
 * cannot be evaluated said once, incident threads after their recommendation's message exists,
 * capacity alerts, and the weekly report while this replica leads.
 */
export function slackShadowSubscriber(parts: SlackShadowParts): ShadowSubscriber {
  const { poster, notice, scheduler, alerts, threads, now, log } = parts;
  return {
    name: 'slack',
    // post what was never posted, catch up the report
    async leaderStarted() {
      await poster.reconcile();
      await threads?.sync(now());
      await scheduler.start();
    },
    leaderStopped: () => scheduler.stop(),
    pollFailed: ({ atMs, error }) => notice.failed(error, atMs),
    async episodes({ atMs, events }) {
      await notice.succeeded(atMs);
      await poster.onEvents(events);
    },
    async incidents({ atMs }) {
      await threads?.sync(atMs);
      if (parts.lookAhead)
        await alerts
          .maybeCheck(atMs)
          .catch((err) => log.warn({ err: (err as Error).message }, 'capacity alerts failed'));
    },
  };
}
