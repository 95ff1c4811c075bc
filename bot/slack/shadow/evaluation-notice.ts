import type { Logger } from 'pino';
import { untrustedText, when } from '../blocks/kit.js';
import { clip } from '../blocks/limits.js';
import type { SlackOut } from '../out.js';

/** How much of a failure's message the channel sees. */
const MAX_REASON_CHARS = 300;

export function evaluationFailedText(sinceMs: number, reason: string): string {
  return (
    `:warning: *Headroom cannot evaluate the fleet* since ${when(sinceMs)}: ${untrustedText(clip(reason, MAX_REASON_CHARS))}\n` +
    'Every work unit is unknown to Headroom until this clears, and no recommendations are made meanwhile. ' +
    'Judge the fleet from your own dashboards.'
  );
}

export function evaluationRecoveredText(sinceMs: number, recoveredMs: number, reason: string): string {
  return (
    `:white_check_mark: Headroom evaluates the fleet again since ${when(recoveredMs)} ` +
    `(it could not from ${when(sinceMs)}: ${untrustedText(clip(reason, MAX_REASON_CHARS))})`
  );
}

/**
 * When a shadow poll fails — the fleet cannot be evaluated at all, e.g. no history could be read
 * from the metrics store — the channel is told once, and the same message is edited when polls
 * succeed again: silence must never look like health. A notice that cannot be posted is retried
 * on the next failed poll.
 */
export class EvaluationNotice {
  private failing?: { sinceMs: number; reason: string; ts?: string };

  constructor(
    private readonly out: SlackOut,
    private readonly channel: string,
    private readonly log: Logger,
  ) {}

  async failed(err: unknown, atMs: number): Promise<void> {
    const reason = (err as Error)?.message || String(err);
    this.failing ??= { sinceMs: atMs, reason };
    const f = this.failing;
    if (f.ts && f.reason === reason) return;
    f.reason = reason;
    try {
      const content = { text: evaluationFailedText(f.sinceMs, reason) };
      if (f.ts) await this.out.update(this.channel, f.ts, content);
      else f.ts = (await this.out.postMessage(this.channel, content)).ts;
    } catch (postErr) {
      this.log.error({ errName: (postErr as Error)?.name }, 'could not post that the fleet cannot be evaluated');
    }
  }

  async succeeded(atMs: number): Promise<void> {
    const f = this.failing;
    if (!f) return;
    this.failing = undefined;
    if (!f.ts) return;
    await this.out
      .update(this.channel, f.ts, { text: evaluationRecoveredText(f.sinceMs, atMs, f.reason) })
      .catch((err: unknown) =>
        this.log.warn({ errName: (err as Error)?.name }, 'could not mark the evaluation notice recovered'),
      );
  }
}
