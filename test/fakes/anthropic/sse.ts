import type { ServerResponse } from 'node:http';
import type { Reply } from './types.js';

export interface SseUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
}

function send(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Splits text into pieces, so the client sees several deltas per block. */
export function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

/** Streams one reply in the Messages API's event format (message_start … message_stop). */
export function streamReply(res: ServerResponse, reply: Reply, model: string, id: string, usage: SseUsage): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_${id}` });
  send(res, 'message_start', {
    type: 'message_start',
    message: {
      id: `msg_${id}`,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1 },
    },
  });
  send(res, 'ping', { type: 'ping' });
  if (reply.streamError) {
    send(res, 'error', { type: 'error', error: reply.streamError });
    res.end();
    return;
  }
  let index = 0;
  if (reply.text) {
    send(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
    for (const piece of chunks(reply.text, 40)) {
      send(res, 'content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'text_delta', text: piece },
      });
    }
    send(res, 'content_block_stop', { type: 'content_block_stop', index });
    index++;
  }
  for (const [n, use] of (reply.toolUses ?? []).entries()) {
    const toolId = use.id ?? `toolu_${id}_${n}`;
    send(res, 'content_block_start', {
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id: toolId, name: use.name, input: {} },
    });
    for (const piece of chunks(JSON.stringify(use.input ?? {}), 12)) {
      send(res, 'content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: piece },
      });
    }
    send(res, 'content_block_stop', { type: 'content_block_stop', index });
    index++;
  }
  const stopReason = reply.stopReason ?? (reply.toolUses?.length ? 'tool_use' : 'end_turn');
  send(res, 'message_delta', {
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  send(res, 'message_stop', { type: 'message_stop' });
  res.end();
}
