import type { Logger } from 'pino';
import type { ShadowEvent } from '../../shadow/shadow-loop.js';
import type { Store } from '../../store/index.js';
import { recommendationMessage } from '../blocks/recommendation.js';
import type { SlackOut } from '../out.js';

/**
 * Keeps one Slack message per recommendation in step with the store. The message is always
 * re-rendered from the stored record and its decisions, so a post that failed (429, 5xx, Slack
 * down, a restart) is simply done again later: an open recommendation without a message ref is
 * posted, one with a ref is edited in place — never posted twice.
 */
export class ShadowPoster {
  private readonly chains = new Map<number, Promise<void>>();
  private readonly pending = new Set<number>();

  constructor(
    private readonly store: Store,
    private readonly out: SlackOut,
    private readonly channel: string,
    private readonly log: Logger,
  ) {}

  async onEvents(events: ShadowEvent[]): Promise<void> {
    const ids = new Set([...this.pending, ...events.map((e) => e.recommendation.id)]);
    await Promise.all([...ids].map((id) => this.sync(id)));
  }

  /** At start: post what was never posted, refresh what was (decisions may have come in meanwhile). */
  async reconcile(): Promise<void> {
    const open = this.store.listRecommendations({ open: true });
    await Promise.all(open.map((r) => this.sync(r.id)));
  }

  /** Brings the recommendation's message up to date; serialised per recommendation. */
  sync(id: number): Promise<void> {
    const previous = this.chains.get(id) ?? Promise.resolve();
    const next = previous.then(() => this.syncNow(id));
    this.chains.set(id, next);
    void next.finally(() => {
      if (this.chains.get(id) === next) this.chains.delete(id);
    });
    return next;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  private async syncNow(id: number): Promise<void> {
    const rec = this.store.getRecommendation(id);
    if (!rec) return;
    const decisions = this.store.listDecisions({ recommendationId: id }).reverse();
    const content = recommendationMessage(rec, decisions);
    try {
      if (rec.messageRef) {
        await this.out.update(rec.messageRef.channel, rec.messageRef.ts, content);
      } else if (rec.closedAtMs === null) {
        const ref = await this.out.postMessage(this.channel, content);
        this.store.setMessageRef(id, ref);
      }
      this.pending.delete(id);
    } catch (err) {
      // Kept for the next poll: nothing is lost, it is only late.
      this.pending.add(id);
      this.log.warn({ recommendation: id, err: (err as Error).message }, 'recommendation post failed; will retry');
    }
  }
}
