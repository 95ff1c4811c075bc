import type { ModalView } from '../slack-types.js';
import { clip } from './limits.js';
import type { IncidentTarget } from './plan.js';

export const SNOOZE_CALLBACK_ID = 'incident.snooze.submit';
export const SNOOZE_FIELDS = {
  kind: { block: 'kind', action: 'kind' },
  duration: { block: 'duration', action: 'duration' },
  reason: { block: 'reason', action: 'reason' },
} as const;

/** The durations offered, in minutes. */
export const SNOOZE_MINUTES = [30, 60, 120, 240, 480, 1440] as const;

const label = (m: number) => (m < 60 ? `${m} min` : `${m / 60} h`);

/** Snooze…: the unit's posts held back for a while (everything still evaluated and recorded), and why. */
export function snoozeModal(target: IncidentTarget): ModalView {
  const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text }, value });
  return {
    type: 'modal',
    callback_id: SNOOZE_CALLBACK_ID,
    private_metadata: JSON.stringify({
      wu: target.workUnit,
      ...(target.recommendationId ? { rec: target.recommendationId } : {}),
    }),
    title: { type: 'plain_text', text: 'Snooze' },
    submit: { type: 'plain_text', text: 'Snooze' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: clip(
            `Hold back Headroom's posts about *${target.workUnit}*. It keeps evaluating and recording; the snooze is audited and shown in the thread.`,
            3000,
          ),
        },
      },
      {
        type: 'input',
        block_id: SNOOZE_FIELDS.kind.block,
        label: { type: 'plain_text', text: 'Kind' },
        element: {
          type: 'radio_buttons',
          action_id: SNOOZE_FIELDS.kind.action,
          initial_option: option('Snooze', 'snooze'),
          options: [option('Snooze', 'snooze'), option('Maintenance window', 'maintenance')],
        },
      },
      {
        type: 'input',
        block_id: SNOOZE_FIELDS.duration.block,
        label: { type: 'plain_text', text: 'For' },
        element: {
          type: 'static_select',
          action_id: SNOOZE_FIELDS.duration.action,
          initial_option: option(label(60), '60'),
          options: SNOOZE_MINUTES.map((m) => option(label(m), String(m))),
        },
      },
      {
        type: 'input',
        block_id: SNOOZE_FIELDS.reason.block,
        label: { type: 'plain_text', text: 'Why' },
        element: { type: 'plain_text_input', action_id: SNOOZE_FIELDS.reason.action, multiline: true, max_length: 500 },
      },
    ],
  };
}
