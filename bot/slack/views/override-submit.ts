import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { HeadroomError } from '../../../analytics/errors.js';
import { parseAssignments } from '../../handlers/parse.js';
import { closedText, decisionRef, recordDecision } from '../actions/decide.js';
import { OVERRIDE_CALLBACK_ID, OVERRIDE_FIELDS } from '../blocks/override-modal.js';
import type { SlackDeps } from '../deps.js';
import { operatorRefusal } from '../guard.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type Values = ViewSubmitAction['view']['state']['values'];

export interface OverrideForm {
  action: 'move' | 'none';
  split: Record<string, number>;
  reason: string;
}

/** Reads and checks the modal; returns field errors the modal shows next to the inputs. */
export function readOverrideForm(
  values: Values,
  units: readonly string[],
  drained: string,
): { form: OverrideForm } | { errors: Record<string, string> } {
  const action = values[OVERRIDE_FIELDS.choice.block]?.[OVERRIDE_FIELDS.choice.action]?.selected_option?.value;
  const splitText = values[OVERRIDE_FIELDS.split.block]?.[OVERRIDE_FIELDS.split.action]?.value?.trim() ?? '';
  const reason = values[OVERRIDE_FIELDS.reason.block]?.[OVERRIDE_FIELDS.reason.action]?.value?.trim() ?? '';
  const errors: Record<string, string> = {};
  if (!reason) errors[OVERRIDE_FIELDS.reason.block] = 'Say why, for the review.';
  let split: Record<string, number> = {};
  if (action === 'move') {
    try {
      split = parseAssignments(splitText.replace(/\s+/g, ''), 'targets');
      const ids = Object.keys(split);
      const sum = Object.values(split).reduce((s, x) => s + x, 0);
      const unknown = ids.filter((id) => !units.includes(id) || id === drained);
      if (ids.length === 0) errors[OVERRIDE_FIELDS.split.block] = 'Name at least one target, e.g. unit=1.';
      else if (unknown.length > 0) errors[OVERRIDE_FIELDS.split.block] = `Not a possible target: ${unknown.join(', ')}`;
      else if (Math.abs(sum - 1) > 0.01)
        errors[OVERRIDE_FIELDS.split.block] = `Shares must sum to 1 (they sum to ${sum.toFixed(2)}).`;
    } catch (err) {
      errors[OVERRIDE_FIELDS.split.block] = err instanceof HeadroomError ? err.message : 'Could not read the targets.';
    }
  } else if (action !== 'none') {
    errors[OVERRIDE_FIELDS.choice.block] = 'Choose an action.';
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { form: { action: action as 'move' | 'none', split, reason } };
}

/** The Override… modal submitted: validated in the ack (errors shown in the modal), then recorded. */
export function overrideSubmitView(deps: SlackDeps) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    // the modal carries the same {id, rev} as the button that opened it; unreadable is no recommendation
    const ref = decisionRef(view.private_metadata);
    const rec = ref ? deps.store.getRecommendation(ref.id) : undefined;
    if (!rec) {
      await ack({
        response_action: 'errors',
        errors: { [OVERRIDE_FIELDS.reason.block]: 'This recommendation no longer exists.' },
      });
      return;
    }
    if (rec.closedAtMs !== null) {
      await ack({ response_action: 'errors', errors: { [OVERRIDE_FIELDS.reason.block]: closedText(rec) } });
      return;
    }
    const refusal = await operatorRefusal(deps, body.user.id, 'override a recommendation');
    if (refusal) {
      await ack({ response_action: 'errors', errors: { [OVERRIDE_FIELDS.reason.block]: refusal } });
      return;
    }
    const read = readOverrideForm(
      view.state.values,
      deps.core.fleet.workUnits.map((u) => u.id),
      rec.workUnit,
    );
    if ('errors' in read) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    await ack();
    await recordDecision(deps, {
      ref: { id: rec.id, rev: ref?.rev ?? rec.revision },
      userId: body.user.id,
      kind: 'override',
      content: { ...read.form },
    });
  };
}

export function registerOverrideSubmit(app: App, deps: SlackDeps): void {
  app.view<ViewSubmitAction>(OVERRIDE_CALLBACK_ID, overrideSubmitView(deps));
}
