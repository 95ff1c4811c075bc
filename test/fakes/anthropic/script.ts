import type { ErrorReply, Reply } from './types.js';

/** Helpers to write scripted model turns. */
export const say = (text: string, usage?: Reply['usage']): Reply => ({
  kind: 'reply',
  text,
  stopReason: 'end_turn',
  ...(usage ? { usage } : {}),
});

export const useTools = (calls: { name: string; input: unknown }[], text?: string): Reply => ({
  kind: 'reply',
  toolUses: calls,
  stopReason: 'tool_use',
  ...(text ? { text } : {}),
});

export const useTool = (name: string, input: unknown, text?: string): Reply => useTools([{ name, input }], text);

export const fail = (status: number, type: string, retryAfterSeconds?: number): ErrorReply => ({
  kind: 'error',
  status,
  type,
  message: `scripted ${type}`,
  ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
});
