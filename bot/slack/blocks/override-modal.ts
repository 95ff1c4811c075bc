import type { ModalView } from '../slack-types.js';
import { clip } from './limits.js';

export const OVERRIDE_CALLBACK_ID = 'recommendation.override.submit';
export const OVERRIDE_FIELDS = {
  choice: { block: 'choice', action: 'choice' },
  split: { block: 'split', action: 'split' },
  reason: { block: 'reason', action: 'reason' },
} as const;

/** The Override… modal: other targets and shares, or no action, and why. */
export function overrideModal(input: {
  ref: { id: number; rev: number };
  workUnit: string;
  candidates: string[];
}): ModalView {
  const example = input.candidates
    .slice(0, 2)
    .map((id, i) => `${id}=${i === 0 ? '0.6' : '0.4'}`)
    .join(', ');
  return {
    type: 'modal',
    callback_id: OVERRIDE_CALLBACK_ID,
    private_metadata: JSON.stringify(input.ref),
    title: { type: 'plain_text', text: 'Override' },
    submit: { type: 'plain_text', text: 'Record' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: clip(`What are you doing instead for *${input.workUnit}* (recommendation #${input.ref.id})?`, 3000),
        },
      },
      {
        type: 'input',
        block_id: OVERRIDE_FIELDS.choice.block,
        label: { type: 'plain_text', text: 'Action' },
        element: {
          type: 'radio_buttons',
          action_id: OVERRIDE_FIELDS.choice.action,
          initial_option: { text: { type: 'plain_text', text: 'Move traffic to other targets' }, value: 'move' },
          options: [
            { text: { type: 'plain_text', text: 'Move traffic to other targets' }, value: 'move' },
            { text: { type: 'plain_text', text: 'No action' }, value: 'none' },
          ],
        },
      },
      {
        type: 'input',
        block_id: OVERRIDE_FIELDS.split.block,
        optional: true,
        label: { type: 'plain_text', text: 'Targets and shares' },
        hint: {
          type: 'plain_text',
          text: clip(`work unit=share, shares summing to 1. Candidates: ${input.candidates.join(', ')}`, 150),
        },
        element: {
          type: 'plain_text_input',
          action_id: OVERRIDE_FIELDS.split.action,
          placeholder: { type: 'plain_text', text: clip(example || 'unit=1', 150) },
        },
      },
      {
        type: 'input',
        block_id: OVERRIDE_FIELDS.reason.block,
        label: { type: 'plain_text', text: 'Why' },
        element: {
          type: 'plain_text_input',
          action_id: OVERRIDE_FIELDS.reason.action,
          multiline: true,
          max_length: 2000,
        },
      },
    ],
  };
}
