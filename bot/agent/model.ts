import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  PermissionDeniedError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import type { ContentBlock, MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { untilAborted } from './deadline.js';
import { ModelUnavailableError } from './errors.js';
import type { TokenUsage } from './pricing.js';
import { type ClaudeRateLimiter, estimateTokens } from './rate-limit.js';
import type { ToolSpec } from './types.js';

export { ModelUnavailableError, type UnavailableReason } from './errors.js';

export interface ModelRequest {
  system: string;
  tools: readonly ToolSpec[];
  messages: MessageParam[];
  maxTokens: number;
  /** 'none' for the last turn after a budget is hit: text only. */
  toolChoice: 'auto' | 'none';
  /** The question's deadline: aborts the queue wait and the stream (ModelUnavailableError('timeout')). */
  signal?: AbortSignal;
}

export interface ModelReply {
  content: ContentBlock[];
  stopReason: string | null;
  usage: TokenUsage;
}

/** The Messages API as the loop sees it: one streamed turn at a time. */
export interface ModelClient {
  readonly model: string;
  send(request: ModelRequest, onText?: (delta: string) => void): Promise<ModelReply>;
  /** The request's input tokens as the API counts them (count_tokens), when the client can ask. */
  countInputTokens?(request: ModelRequest): Promise<number>;
}

export interface AnthropicModelOptions {
  apiKey: string | undefined;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  limiter: ClaudeRateLimiter;
}

/**
 * The real SDK, streaming: client.messages.stream per turn, with prompt caching on the system
 * prompt and on the tools (the breakpoint on the last tool caches all of them).
 */
export class AnthropicModel implements ModelClient {
  readonly model: string;
  private readonly client: Anthropic | undefined;

  constructor(private readonly opts: AnthropicModelOptions) {
    this.model = opts.model;
    this.client = opts.apiKey
      ? new Anthropic({
          apiKey: opts.apiKey,
          ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
          maxRetries: opts.maxRetries,
          timeout: opts.timeoutMs,
        })
      : undefined;
  }

  async send(request: ModelRequest, onText?: (delta: string) => void): Promise<ModelReply> {
    const client = this.client;
    if (!client) throw new ModelUnavailableError('no-api-key');
    const params = requestParams(this.model, request);
    const estimate = estimateTokens(JSON.stringify(params)) + request.maxTokens;
    const { signal } = request;
    // The deadline covers the wait in the limiter's queue too; a job that gets its slot after the
    // deadline sends nothing.
    const scheduled = this.opts.limiter.schedule(estimate, async () => {
      if (signal?.aborted) throw new ModelUnavailableError('timeout');
      const stream = client.messages.stream(params, signal ? { signal } : undefined);
      // The SDK's timeout covers the wait for headers only; this bounds the whole streamed turn.
      let timedOut = false;
      const timer = setTimeout(
        () => {
          timedOut = true;
          stream.abort();
        },
        this.opts.timeoutMs * (this.opts.maxRetries + 1),
      );
      if (onText) stream.on('text', (delta) => onText(delta));
      try {
        const message = await stream.finalMessage();
        const u = message.usage;
        return {
          content: message.content,
          stopReason: message.stop_reason,
          usage: {
            inputTokens: u.input_tokens,
            outputTokens: u.output_tokens,
            cacheWriteTokens: u.cache_creation_input_tokens ?? 0,
            cacheReadTokens: u.cache_read_input_tokens ?? 0,
          },
        };
      } catch (err) {
        throw classify(err, timedOut);
      } finally {
        clearTimeout(timer);
      }
    });
    return untilAborted(scheduled, signal);
  }

  /**
   * count_tokens, through the same rate limiter as the turns (one request slot; a count is not
   * billed and takes no tokens of the per-minute budget), without retries: the loop falls back to
   * its local bound when it fails.
   */
  async countInputTokens(request: ModelRequest): Promise<number> {
    const client = this.client;
    if (!client) throw new ModelUnavailableError('no-api-key');
    const { model, system, messages, tools, tool_choice } = requestParams(this.model, request);
    const { signal } = request;
    const scheduled = this.opts.limiter.schedule(1, async () => {
      if (signal?.aborted) throw new ModelUnavailableError('timeout');
      try {
        const counted = await client.messages.countTokens(
          {
            model,
            messages,
            ...(system ? { system } : {}),
            ...(tools ? { tools } : {}),
            ...(tool_choice ? { tool_choice } : {}),
          },
          { maxRetries: 0, timeout: this.opts.timeoutMs, ...(signal ? { signal } : {}) },
        );
        return counted.input_tokens;
      } catch (err) {
        throw classify(err);
      }
    });
    return untilAborted(scheduled, signal);
  }
}

export function requestParams(model: string, request: ModelRequest): Anthropic.MessageStreamParams {
  const tools: Tool[] = request.tools.map((t, i) => ({
    name: t.name,
    description: t.description,
    input_schema: t.input_schema,
    ...(i === request.tools.length - 1 ? { cache_control: { type: 'ephemeral' as const } } : {}),
  }));
  return {
    model,
    max_tokens: request.maxTokens,
    system: [{ type: 'text', text: request.system, cache_control: { type: 'ephemeral' } }],
    messages: request.messages,
    // The conversation so far too (the last cacheable block): a tool round re-sends it all.
    cache_control: { type: 'ephemeral' },
    ...(tools.length ? { tools, tool_choice: { type: request.toolChoice } } : {}),
  };
}

/** SDK errors → one reason each; anything else is a bug and is rethrown as is. */
export function classify(err: unknown, timedOut = false): unknown {
  if (err instanceof ModelUnavailableError) return err;
  if (timedOut || err instanceof APIConnectionTimeoutError) return new ModelUnavailableError('timeout');
  if (err instanceof APIUserAbortError) return new ModelUnavailableError('timeout');
  if (err instanceof APIConnectionError) return new ModelUnavailableError('connection');
  if (err instanceof APIError) {
    const status = err.status;
    const requestId = err.requestID ?? undefined;
    const type = (err.error as { error?: { type?: string } } | undefined)?.error?.type;
    if (err instanceof RateLimitError || type === 'rate_limit_error')
      return new ModelUnavailableError('rate-limited', status, requestId);
    if (status === 529 || type === 'overloaded_error')
      return new ModelUnavailableError('overloaded', status, requestId);
    if (err instanceof AuthenticationError || err instanceof PermissionDeniedError)
      return new ModelUnavailableError('auth', status, requestId);
    if (status === undefined || status >= 500) return new ModelUnavailableError('server-error', status, requestId);
    return new ModelUnavailableError('rejected', status, requestId);
  }
  return err;
}
