import type { ShadowEvent } from './shadow-loop.js';

/** pino's Logger fits; the console passes lines for the terminal. */
export interface ShadowServiceLog {
  warn(detail: Record<string, unknown>, msg: string): void;
  error(detail: Record<string, unknown>, msg: string): void;
}

/**
 * A front end of the shadow loop. Every hook is optional and awaited; a hook that throws is
 * logged and the next subscriber still hears the poll.
 */
export interface ShadowSubscriber<U = unknown> {
  /** Names the subscriber in logs. */
  name: string;
  /** The episodes a poll opened, updated or resolved (often none): every poll that evaluated the fleet. */
  episodes?(poll: { atMs: number; events: readonly ShadowEvent[] }): Promise<void> | void;
  /** The same poll's incident updates (none when incidents are not tracked), after every subscriber had its episodes. */
  incidents?(poll: { atMs: number; updates: readonly U[] }): Promise<void> | void;
  /** A poll that could not evaluate the fleet: every unit is unknown until a poll works again. */
  pollFailed?(failure: { atMs: number; error: unknown }): Promise<void> | void;
  /** This replica became the leader; before its first poll. */
  leaderStarted?(): Promise<void> | void;
  /** It stopped leading (or the service or the subscription stopped); after its last poll. */
  leaderStopped?(): Promise<void> | void;
}

export type SubscriberHook = Exclude<keyof ShadowSubscriber, 'name'>;

/** The subscribers of one service, called in the order they subscribed. */
export class Subscribers<U> {
  private readonly list: ShadowSubscriber<U>[] = [];

  constructor(private readonly log: ShadowServiceLog) {}

  add(subscriber: ShadowSubscriber<U>): void {
    this.list.push(subscriber);
  }

  remove(subscriber: ShadowSubscriber<U>): boolean {
    const i = this.list.indexOf(subscriber);
    if (i >= 0) this.list.splice(i, 1);
    return i >= 0;
  }

  async publish(hook: SubscriberHook, call: (s: ShadowSubscriber<U>) => unknown): Promise<void> {
    for (const s of [...this.list]) await this.call(s, hook, call);
  }

  async call(s: ShadowSubscriber<U>, hook: SubscriberHook, call: (s: ShadowSubscriber<U>) => unknown): Promise<void> {
    try {
      await call(s);
    } catch (err) {
      this.log.error(
        { subscriber: s.name, hook, err: (err as Error)?.message ?? String(err) },
        'shadow subscriber failed',
      );
    }
  }
}
