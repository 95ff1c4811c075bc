import type { App, RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { HeadroomError } from '../../../analytics/errors.js';
import { capacityOutlook } from '../../core/capacity-outlook.js';
import { handleWhatIf } from '../../handlers/commands.js';
import { capacityMessage } from '../blocks/capacity.js';
import { helpMessage } from '../blocks/help.js';
import { whatifMessage } from '../blocks/whatif.js';
import type { SlackDeps } from '../deps.js';
import { allowed } from '../guard.js';
import { respondError, words } from './respond-error.js';

const HORIZONS = new Set([30, 60, 90]);

/** "[wu|region] [30d|60d|90d]" in either order. */
export function parseCapacityArgs(args: string[]): { scope?: string; days: number } {
  let scope: string | undefined;
  let days = 30;
  for (const a of args) {
    const m = /^(\d+)d$/.exec(a);
    if (m) {
      days = Number(m[1]);
      if (!HORIZONS.has(days)) throw new HeadroomError('USAGE', `the horizon is 30d, 60d or 90d, not "${a}"`);
    } else if (scope === undefined) scope = a;
    else throw new HeadroomError('USAGE', `/capacity takes one work unit or region and one horizon; "${a}" is extra`);
  }
  return scope === undefined ? { days } : { scope, days };
}

/** /capacity [wu|region] [30d|60d|90d] | whatif … | report | help */
export function capacityCommand(deps: SlackDeps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs): Promise<void> => {
    const args = words(command.text);
    const sub = args[0];
    if (sub === 'help') {
      await ack({ response_type: 'ephemeral', ...helpMessage('capacity') });
      return;
    }
    if (sub === 'report') {
      await ack({ response_type: 'ephemeral', text: 'Working on the weekly report…' });
      const refuse = (text: string) => respond({ replace_original: true, response_type: 'ephemeral', text });
      if (!(await allowed(deps, command.user_id, 'admin', 'post the weekly report', refuse))) return;
      try {
        const posted = await deps.postWeeklyReport(deps.now());
        await respond({
          replace_original: true,
          response_type: 'ephemeral',
          text: `Weekly report posted in <#${posted.channel}>.`,
        });
      } catch (err) {
        await respondError(deps, respond, err, '/capacity report');
      }
      return;
    }
    await ack({ response_type: 'in_channel', text: `Working on \`/capacity ${command.text.trim()}\`…` });
    try {
      if (sub === 'whatif') {
        const report = await handleWhatIf(deps, args.slice(1));
        await respond({
          replace_original: true,
          response_type: 'in_channel',
          ...whatifMessage(report, command.text.trim()),
        });
        return;
      }
      await capacityAnswer(deps, respond, args, command.channel_id, threadOf(command));
    } catch (err) {
      await respondError(deps, respond, err, '/capacity');
    }
  };
}

async function capacityAnswer(deps: SlackDeps, respond: RespondFn, args: string[], channel: string, threadTs?: string) {
  const { scope, days } = parseCapacityArgs(args);
  const outlook = await capacityOutlook(deps.core, deps.now(), days, scope);
  await respond({ replace_original: true, response_type: 'in_channel', ...capacityMessage(outlook) });
  // The answer is posted: a chart that cannot be drawn or uploaded is said apart, never in its place.
  const title = `Forecast daily peak vs safe capacity, next ${days} days${scope ? ` (${scope})` : ''}`;
  let png: Buffer;
  try {
    png = await deps.renderChart(outlook.units, title);
  } catch (err) {
    deps.log.error({ errName: (err as Error)?.name, stack: (err as Error)?.stack }, 'chart rendering failed');
    await respond({ response_type: 'ephemeral', text: 'The chart could not be drawn (internal error, logged).' });
    return;
  }
  try {
    await deps.out.uploadPng({ channel, threadTs, filename: `capacity-${scope ?? 'fleet'}-${days}d.png`, title, png });
  } catch (err) {
    deps.log.warn({ err: (err as Error).message }, 'chart upload failed');
    await respond({
      response_type: 'ephemeral',
      text: 'The chart could not be uploaded here (is Headroom in this channel?).',
    });
  }
}

/** Slash commands sent from a thread carry its ts (newer payloads); the chart goes there. */
function threadOf(command: SlackCommandMiddlewareArgs['command']): string | undefined {
  const ts = (command as { thread_ts?: unknown }).thread_ts;
  return typeof ts === 'string' && ts ? ts : undefined;
}

export function registerCapacity(app: App, deps: SlackDeps): void {
  app.command('/capacity', capacityCommand(deps));
}
