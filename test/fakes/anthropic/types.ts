/** What the fake Messages API answers to one request. */
export type Step = Reply | ErrorReply | SlowReply;

export interface Reply {
  kind: 'reply';
  /** Text streamed before any tool use, in chunks. */
  text?: string;
  toolUses?: { name: string; input: unknown; id?: string }[];
  stopReason?: 'end_turn' | 'tool_use' | 'max_tokens';
  /** Overrides of the computed usage. */
  usage?: { input_tokens?: number; output_tokens?: number };
  /** An `event: error` after message_start instead of the content (e.g. overloaded_error mid-stream). */
  streamError?: { type: string; message: string };
}

export interface ErrorReply {
  kind: 'error';
  status: number;
  type: string;
  message?: string;
  retryAfterSeconds?: number;
}

/** Holds the response headers back for delayMs, then answers `reply` (if the client is still there). */
export interface SlowReply {
  kind: 'slow';
  delayMs: number;
  reply: Reply;
}

export interface RecordedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, exactly as the SDK sent it. */
  body: Record<string, unknown>;
  /** The raw body text (for "never contains the secret" assertions). */
  raw: string;
}

/** Decides the step for a request; index counts /v1/messages requests from 0. */
export type Responder = (request: RecordedRequest, index: number) => Step;
