import { ModelUnavailableError } from './errors.js';

/**
 * One question's deadline over everything it waits for: the rate limiter's queue, every model turn
 * (token counts included), every tool call, the repair round. When it passes, the signal aborts and
 * waiting ends with ModelUnavailableError('timeout'), so the caller degrades instead of leaving
 * the operator waiting.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly ms: number) {
    this.timer = setTimeout(() => this.controller.abort(), ms);
    this.timer.unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/** Throws ModelUnavailableError('timeout') when the signal has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ModelUnavailableError('timeout');
}

/**
 * The promise, or ModelUnavailableError('timeout') as soon as the signal aborts. The promise is
 * left to settle on its own (its rejection is handled here, so it is never unhandled).
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  promise.catch(() => undefined);
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new ModelUnavailableError('timeout'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ModelUnavailableError('timeout'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (err) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
