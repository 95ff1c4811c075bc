import type { Logger } from 'pino';
import type { MessageContent, SlackOut } from '../out.js';

/**
 * One message in the thread that shows what is being done, posted on the first status and edited
 * on each next one; replaceWith turns it into the answer (or posts the answer when no status came).
 * Updates are serialised; a failed status update is logged and never blocks the answer.
 */
export class ProgressMessage {
  private ts: Promise<string | undefined> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private last = '';

  constructor(
    private readonly out: SlackOut,
    private readonly channel: string,
    private readonly threadTs: string,
    private readonly log: Logger,
  ) {}

  show(status: string): void {
    const text = `_${status}_`;
    if (text === this.last) return;
    this.last = text;
    this.chain = this.chain.then(async () => {
      try {
        if (!this.ts) {
          this.ts = this.out
            .postMessage(this.channel, { text }, this.threadTs)
            .then((m) => m.ts)
            .catch(() => undefined);
          await this.ts;
          return;
        }
        const ts = await this.ts;
        if (ts) await this.out.update(this.channel, ts, { text });
      } catch (err) {
        this.log.warn({ errName: (err as Error).name }, 'progress update failed');
      }
    });
  }

  async replaceWith(content: MessageContent): Promise<void> {
    await this.chain;
    const ts = this.ts ? await this.ts : undefined;
    if (ts) await this.out.update(this.channel, ts, content);
    else await this.out.postMessage(this.channel, content, this.threadTs);
  }
}
