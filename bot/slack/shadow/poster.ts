import type { Logger } from 'pino';
import type { ShadowEvent } from '../../shadow/shadow-loop.js';
import type { Store } from '../../store/index.js';
import { recommendationMessage } from '../blocks/recommendation.js';
import type { SlackOut } from '../out.js';

/**
 * Keeps one Slack message per recommendation in step with the store. The message is always
 * re-rendered from the stored record and its decisions, and the store keeps which messages lag a
 * change (a version bumped with each change, and the version last shown), so whatever a failed
 * post (429, 5xx, Slack down), a failed poll or a restart interrupted is simply done again later:
 * an open recommendation without a message ref is posted, one with a ref is edited in place —
 * never posted twice — and a resolved one's message is still marked resolved. While the unit is
 * snoozed or in a maintenance window a new recommendation is not posted (it is still evaluated
 * and stored); its message follows when the window ends. Edits of messages already shown go on.
 */
export class ShadowPoster {
  private readonly chains = new Map<number, Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly out: SlackOut,
    private readonly channel: string,
    private readonly log: Logger,
    /** Fleet time: a unit snoozed or in a maintenance window then gets no new post. */
    private readonly now: () => number = Date.now,
    /** The unit owner's links (the fleet file's incidents.owners), shown on the post. */
    private readonly linksOf: (workUnit: string) => Record<string, string> = () => ({}),
  ) {}

  /** After a poll: its events, and every message still lagging from earlier. */
  async onEvents(events: readonly ShadowEvent[]): Promise<void> {
    const ids = new Set([...this.store.laggingMessages(), ...events.map((e) => e.recommendation.id)]);
    await Promise.all([...ids].map((id) => this.sync(id)));
  }

  /** At start: post what was never posted, refresh what was (decisions may have come in meanwhile). */
  async reconcile(): Promise<void> {
    const open = this.store.listRecommendations({ open: true }).map((r) => r.id);
    const ids = new Set([...this.store.laggingMessages(), ...open]);
    await Promise.all([...ids].map((id) => this.sync(id)));
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

  /** Messages that lag their recommendation (a failed post waiting for the next poll). */
  get pendingCount(): number {
    return this.store.laggingMessages().length;
  }

  private async syncNow(id: number): Promise<void> {
    // the version first: a change made while this message is sent keeps it lagging
    const version = this.store.messageVersion(id);
    const rec = this.store.getRecommendation(id);
    if (!rec) return;
    const decisions = this.store.listDecisions({ recommendationId: id }).reverse();
    const content = recommendationMessage(rec, decisions, this.linksOf(rec.workUnit));
    try {
      if (rec.messageRef) {
        await this.out.update(rec.messageRef.channel, rec.messageRef.ts, content);
      } else if (rec.closedAtMs === null) {
        // held back while the unit is snoozed: it stays lagging and is posted once the window ends
        if (this.store.incidents.activeSnooze(rec.workUnit, this.now())) return;
        const ref = await this.out.postMessage(this.channel, content);
        this.store.setMessageRef(id, ref);
      }
      this.store.markMessageSynced(id, version);
    } catch (err) {
      // Still lagging in the store: done on the next poll or at the next start. Late, never lost.
      this.log.warn({ recommendation: id, err: (err as Error).message }, 'recommendation post failed; will retry');
    }
  }
}
