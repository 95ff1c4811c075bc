import type { App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { failoverJson } from '../../format/json.js';
import { handleFailover } from '../../handlers/commands.js';
import { fleetMessage } from '../blocks/fleet.js';
import { helpMessage } from '../blocks/help.js';
import { failoverPlanMessage } from '../blocks/plan.js';
import type { SlackDeps } from '../deps.js';
import { respondError, words } from './respond-error.js';

/** /failover [work unit | help] — acked at once with a "working…" note that the answer replaces. */
export function failoverCommand(deps: SlackDeps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs): Promise<void> => {
    const args = words(command.text);
    if (args[0] === 'help') {
      await ack({ response_type: 'ephemeral', ...helpMessage('failover') });
      return;
    }
    await ack({ response_type: 'in_channel', text: `Working on \`/failover ${command.text.trim()}\`…` });
    try {
      const answer = await handleFailover(deps, args);
      const message =
        answer.kind === 'fleet'
          ? fleetMessage(answer.status, answer.open, answer.agreement)
          : failoverPlanMessage(failoverJson(answer.report), openTarget(deps, answer.report.workUnit));
      await respond({ replace_original: true, response_type: 'in_channel', ...message });
    } catch (err) {
      await respondError(deps, respond, err, '/failover');
    }
  };
}

function openTarget(deps: SlackDeps, workUnit: string) {
  const open = deps.store.getOpenRecommendation(workUnit);
  return open ? { recommendationId: open.id, revision: open.revision } : undefined;
}

export function registerFailover(app: App, deps: SlackDeps): void {
  app.command('/failover', failoverCommand(deps));
}
