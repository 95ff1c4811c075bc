// Why Claude could not answer a question; its own module so the deadline and the model share it.

export type UnavailableReason =
  | 'no-api-key'
  | 'rate-limited'
  | 'overloaded'
  | 'timeout'
  | 'server-error'
  | 'connection'
  | 'auth'
  | 'rejected';

/** Claude could not answer (after the SDK's retries); the caller degrades. The message holds no secret. */
export class ModelUnavailableError extends Error {
  constructor(
    readonly reason: UnavailableReason,
    readonly status?: number,
    readonly requestId?: string,
  ) {
    super(`Claude unavailable: ${reason}${status ? ` (HTTP ${status})` : ''}`);
    this.name = 'ModelUnavailableError';
  }
}
