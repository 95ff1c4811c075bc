import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { neutraliseInstructions } from '../../agent/untrusted.js';
import { incidentTarget } from '../blocks/plan.js';
import { SNOOZE_CALLBACK_ID, SNOOZE_FIELDS, SNOOZE_MINUTES } from '../blocks/snooze-modal.js';
import type { SlackDeps } from '../deps.js';
import { operatorRefusal } from '../guard.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type Values = ViewSubmitAction['view']['state']['values'];

export interface SnoozeForm {
  kind: 'snooze' | 'maintenance';
  minutes: number;
  reason: string;
}

/** Reads and checks the modal; field errors are shown next to the inputs. */
export function readSnoozeForm(values: Values): { form: SnoozeForm } | { errors: Record<string, string> } {
  const kind = values[SNOOZE_FIELDS.kind.block]?.[SNOOZE_FIELDS.kind.action]?.selected_option?.value;
  const minutes = Number(values[SNOOZE_FIELDS.duration.block]?.[SNOOZE_FIELDS.duration.action]?.selected_option?.value);
  const reason = values[SNOOZE_FIELDS.reason.block]?.[SNOOZE_FIELDS.reason.action]?.value?.trim() ?? '';
  const errors: Record<string, string> = {};
  if (kind !== 'snooze' && kind !== 'maintenance')
    errors[SNOOZE_FIELDS.kind.block] = 'Choose snooze or maintenance window.';
  if (!(SNOOZE_MINUTES as readonly number[]).includes(minutes))
    errors[SNOOZE_FIELDS.duration.block] = 'Choose one of the durations offered.';
  if (!reason) errors[SNOOZE_FIELDS.reason.block] = 'Say why, for the review.';
  if (Object.keys(errors).length) return { errors };
  return { form: { kind: kind as SnoozeForm['kind'], minutes, reason } };
}

/** The Snooze modal submitted: role and fields checked in the ack, then recorded (audited) and said in the thread. */
export function snoozeSubmitView(deps: SlackDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    const target = incidentTarget(view.private_metadata);
    if (!target || !deps.incidents) {
      await ack({
        response_action: 'errors',
        errors: { [SNOOZE_FIELDS.reason.block]: 'This form carries no known work unit.' },
      });
      return;
    }
    const refusal = await operatorRefusal(deps, body.user.id, 'snooze a work unit');
    if (refusal) {
      await ack({ response_action: 'errors', errors: { [SNOOZE_FIELDS.reason.block]: refusal } });
      return;
    }
    const read = readSnoozeForm(view.state.values);
    if ('errors' in read) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    await ack();
    const atMs = deps.now();
    // the reason is an operator's free text: untrusted, neutralised before it is stored or shown
    const snooze = deps.incidents.service.tracker.snooze({
      workUnit: target.workUnit,
      kind: read.form.kind,
      fromMs: atMs,
      untilMs: atMs + read.form.minutes * 60_000,
      reason: neutraliseInstructions(read.form.reason).text,
      actor: body.user.id,
      createdAtMs: atMs,
    });
    const rec = target.recommendationId ? deps.store.getRecommendation(target.recommendationId) : undefined;
    await deps.incidents.threads.announceSnooze(snooze, rec?.messageRef ?? null);
  };
}

export function registerSnoozeSubmit(app: App, deps: SlackDeps): void {
  app.view<ViewSubmitAction>(SNOOZE_CALLBACK_ID, snoozeSubmitView(deps));
}
