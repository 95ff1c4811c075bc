import { randomUUID } from 'node:crypto';
import type { FakeMessage, FakeSlack } from './server.js';

/** Payload shapes Slack sends, as Bolt routes them. */

export function slashCommand(
  fake: FakeSlack,
  input: { command: string; text: string; user: string; channel?: string; threadTs?: string },
): { payload: Record<string, unknown>; responseId: string } {
  const responseId = randomUUID();
  return {
    responseId,
    payload: {
      token: 'legacy',
      team_id: 'T1',
      team_domain: 'fake',
      channel_id: input.channel ?? 'C0OPS',
      channel_name: 'ops',
      user_id: input.user,
      user_name: input.user.toLowerCase(),
      command: input.command,
      text: input.text,
      api_app_id: 'A1',
      is_enterprise_install: 'false',
      response_url: `http://127.0.0.1:${fake.port}/response/${responseId}`,
      trigger_id: `trig.${randomUUID()}`,
      ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
    },
  };
}

export function buttonClick(
  fake: FakeSlack,
  input: { user: string; message: FakeMessage; actionId: string },
): Record<string, unknown> {
  const action = findButton(input.message.blocks, input.actionId);
  if (!action) throw new Error(`no button ${input.actionId} on the message`);
  return {
    type: 'block_actions',
    user: { id: input.user, username: input.user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    team: { id: 'T1', domain: 'fake' },
    channel: { id: input.message.channel, name: 'ops' },
    container: {
      type: 'message',
      message_ts: input.message.ts,
      channel_id: input.message.channel,
      is_ephemeral: false,
    },
    message: { type: 'message', ts: input.message.ts, text: input.message.text, blocks: input.message.blocks },
    trigger_id: `trig.${randomUUID()}`,
    response_url: `http://127.0.0.1:${fake.port}/response/${randomUUID()}`,
    actions: [
      {
        type: 'button',
        action_id: input.actionId,
        block_id: action.blockId,
        value: action.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}

export function findButton(blocks: unknown[], actionId: string): { blockId: string; value: string } | null {
  for (const b of blocks as {
    type: string;
    block_id?: string;
    elements?: { action_id?: string; value?: string }[];
  }[]) {
    if (b.type !== 'actions') continue;
    const e = b.elements?.find((x) => x.action_id === actionId);
    if (e) return { blockId: b.block_id ?? '', value: e.value ?? '' };
  }
  return null;
}

/** What the Override… form holds when submitted: the choice, the targets (for "move") and why. */
export function overrideFormValues(choice: 'move' | 'none', split: string, reason: string) {
  return {
    choice: {
      choice: { type: 'radio_buttons', selected_option: { value: choice, text: { type: 'plain_text', text: choice } } },
    },
    split: { split: { type: 'plain_text_input', value: split } },
    reason: { reason: { type: 'plain_text_input', value: reason } },
  };
}

/** A submission of the Override… form for a recommendation (its private metadata). */
export function overrideView(ref: { id: number; rev: number }): Record<string, unknown> {
  return { callback_id: 'recommendation.override.submit', private_metadata: JSON.stringify(ref) };
}

export function viewSubmission(input: {
  user: string;
  view: Record<string, unknown>;
  values: Record<string, Record<string, unknown>>;
}): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: 'T1', domain: 'fake' },
    user: { id: input.user, username: input.user.toLowerCase(), team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: `trig.${randomUUID()}`,
    view: {
      ...input.view,
      id: 'V1',
      team_id: 'T1',
      app_id: 'A1',
      bot_id: 'B1',
      hash: 'h',
      state: { values: input.values },
    },
  };
}

export function eventCallback(event: Record<string, unknown>, botUserId: string): Record<string, unknown> {
  return {
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${randomUUID().slice(0, 8)}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: botUserId, is_bot: true, is_enterprise_install: false }],
    event: { event_ts: event.ts, ...event },
  };
}
