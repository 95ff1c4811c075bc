import type { Logger } from 'pino';
import { type WeeklyReport, weeklyReportData } from '../../../analytics/report.js';
import { capacityOutlook } from '../../core/capacity-outlook.js';
import type { Core } from '../../core/core.js';
import type { Store } from '../../store/index.js';
import { weeklyReportMessage } from '../blocks/report.js';
import type { CapacityChartRenderer } from '../charts/capacity-png.js';
import { type SlackOut, slackErrorCode } from '../out.js';
import { claudeUsageBlock } from './claude-usage.js';

const WEEK_MS = 7 * 86_400_000;
export const REPORT_HORIZON_DAYS = 30;

export async function weeklyReport(core: Core, store: Store, atMs: number): Promise<WeeklyReport> {
  const outlook = await capacityOutlook(core, atMs, REPORT_HORIZON_DAYS);
  const sinceMs = atMs - WEEK_MS;
  return weeklyReportData({
    atMs,
    horizonDays: REPORT_HORIZON_DAYS,
    warningBelow: core.fleet.thresholds.headroomWarning,
    units: outlook.units,
    routingCostPerHour: outlook.routingCostPerHour,
    agreement: store.agreement({}),
    agreementThisWeek: store.agreement({ sinceMs }),
    recommendationsThisWeek: store.listRecommendations({ limit: 1000 }).filter((r) => r.openedAtMs >= sinceMs).length,
  });
}

/**
 * Posts the report to the report channel, with the forecast chart in its thread. The chart is
 * rendered before anything is posted, so a failure up to the post leaves nothing behind and the
 * scheduler's retry posts the report once. Once the report is posted it counts as delivered: a
 * chart upload that fails is said in the thread and logged, never a reason to post the report again.
 */
export async function postWeeklyReport(
  deps: {
    core: Core;
    store: Store;
    out: SlackOut;
    renderChart: CapacityChartRenderer;
    channel: string;
    log: Logger;
  },
  atMs: number,
): Promise<{ channel: string; ts: string }> {
  const report = await weeklyReport(deps.core, deps.store, atMs);
  const message = weeklyReportMessage(report);
  // Claude's usage and cost over the week, before the closing context line (only when Claude was used).
  const usage = claudeUsageBlock(deps.store.agentUsage.daily(atMs - WEEK_MS, atMs + 1));
  if (usage) message.blocks.splice(message.blocks.length - 1, 0, usage);
  const title = `Forecast daily peak vs safe capacity, next ${REPORT_HORIZON_DAYS} days`;
  const png = await deps.renderChart(report.units, title);
  const posted = await deps.out.postMessage(deps.channel, message);
  try {
    await deps.out.uploadPng({
      channel: posted.channel,
      threadTs: posted.ts,
      filename: 'weekly-capacity.png',
      title,
      png,
    });
  } catch (err) {
    const reason = slackErrorCode(err);
    deps.log.warn({ reason }, 'weekly report posted; its chart could not be uploaded');
    await deps.out
      .postMessage(posted.channel, { text: `_The chart could not be attached (${reason})._` }, posted.ts)
      .catch(() => undefined);
  }
  return posted;
}
