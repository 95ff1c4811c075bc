import type { App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { unknownWorkUnit } from '../../../analytics/errors.js';
import { failoverJson } from '../../format/json.js';
import { handleFailover } from '../../handlers/commands.js';
import { fleetMessage } from '../blocks/fleet.js';
import { helpMessage } from '../blocks/help.js';
import { failoverPlanMessage } from '../blocks/plan.js';
import type { SlackDeps } from '../deps.js';
import { allowed } from '../guard.js';
import { declareIncident } from '../incidents/declare.js';
import { respondError, words } from './respond-error.js';

/** /failover [work unit | help] — acked at once with a "working…" note that the answer replaces. */
export function failoverCommand(deps: SlackDeps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs): Promise<void> => {
    const args = words(command.text);
    if (args[0] === 'help') {
      await ack({ response_type: 'ephemeral', ...helpMessage('failover') });
      return;
    }
    if (args[0] === 'declare') {
      await ack();
      await declareCommand(deps, command.user_id, args.slice(1), (text) =>
        respond({ response_type: 'ephemeral', text }),
      );
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

/** `/failover declare <work unit>`: operators only, as the Declare incident button. */
async function declareCommand(
  deps: SlackDeps,
  userId: string,
  args: string[],
  tell: (text: string) => Promise<unknown>,
): Promise<void> {
  const known = deps.core.fleet.workUnits.map((u) => u.id);
  if (args.length !== 1) {
    await tell(`Usage: \`/failover declare <work unit>\` (one of ${known.join(', ')}).`);
    return;
  }
  const workUnit = args[0]!;
  if (!known.includes(workUnit)) {
    await tell(`${unknownWorkUnit(workUnit, known).message}; nothing was recorded.`);
    return;
  }
  if (!(await allowed(deps, userId, 'operator', 'declare an incident', tell))) return;
  const open = deps.store.getOpenRecommendation(workUnit);
  const told = await declareIncident(deps, { workUnit, userId, ...(open ? { recommendationId: open.id } : {}) });
  const incident = deps.store.incidents.active(workUnit);
  await tell(
    told ?? `Incident #${incident?.id} declared on ${workUnit}; its thread follows in <#${deps.settings.channel}>.`,
  );
}

function openTarget(deps: SlackDeps, workUnit: string) {
  const open = deps.store.getOpenRecommendation(workUnit);
  return open ? { recommendationId: open.id, revision: open.revision } : undefined;
}

export function registerFailover(app: App, deps: SlackDeps): void {
  app.command('/failover', failoverCommand(deps));
}
