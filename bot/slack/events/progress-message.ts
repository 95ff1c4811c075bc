import type { Logger } from 'pino';
import { untrustedText } from '../blocks/kit.js';
import { clip } from '../blocks/limits.js';
import type { MessageContent, SlackOut } from '../out.js';

/** A status is one short line ("checking headroom of us-east-1…"), whatever it was built from. */
const MAX_STATUS_CHARS = 150;

/**
 * One message in the thread that shows what is being done, posted on the first status and edited
 * on each next one; replaceWith turns it into the answer (or posts the answer when no status came).
 * Updates are serialised; a failed status update is logged and never blocks the answer, and an
 * answer that cannot replace the progress message is posted as a new one, after which the stale
 * progress message is deleted (best effort: a failure is logged).
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

  /** Plain text: links defanged and escaped, so nothing in it can mention or link; cut to one short line. */
  show(status: string): void {
    const text = `_${clip(untrustedText(status.replace(/\s+/g, ' ').trim()), MAX_STATUS_CHARS).replace(/&[a-z]{0,3}…$/, '…')}_`;
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
    if (ts) {
      try {
        await this.out.update(this.channel, ts, content);
        return;
      } catch (err) {
        this.log.warn({ errName: (err as Error)?.name }, 'could not replace the progress message; posting the answer');
      }
    }
    await this.out.postMessage(this.channel, content, this.threadTs);
    if (ts)
      await this.out.delete(this.channel, ts).catch((err: unknown) => {
        this.log.warn({ errName: (err as Error)?.name }, 'could not delete the progress message');
      });
  }
}
