// The one shadow loop of a Headroom process. Slack, the console and the readiness probe are its
// subscribers: they are told what each poll found and never poll themselves.
import type { FleetClock } from '../app/clock.js';
import type { Core } from '../core/core.js';
import { type Leadership, soleLeadership } from '../ha/leadership.js';
import { type StopWork, whileLeader } from '../ha/while-leader.js';
import type { HeadroomMetrics } from '../ops/metrics.js';
import type { Store } from '../store/index.js';
import { startShadowRunner } from './runner.js';
import { SerialQueue } from './serial-queue.js';
import { type ShadowEvent, shadowPoll } from './shadow-loop.js';
import { type ShadowServiceLog, type ShadowSubscriber, Subscribers } from './subscribers.js';

export type { ShadowServiceLog, ShadowSubscriber } from './subscribers.js';

/** What turns a poll's episodes into incidents (bot/incidents' IncidentService); U is one update. */
export interface IncidentTracking<U> {
  afterPoll(atMs: number, events: readonly ShadowEvent[]): Promise<U[]>;
}

export interface ShadowServiceOptions<U> {
  core: Core;
  store: Store;
  clock: FleetClock;
  /** Fleet time between scheduled polls; 0 = none (polls only through pollNow). */
  pollMs: number;
  log: ShadowServiceLog;
  /** Replicas on one store: only the leader polls. Without it this process always leads. */
  leadership?: Leadership;
  metrics?: HeadroomMetrics;
  incidents?: IncidentTracking<U>;
}

export interface ShadowService<U = unknown> {
  /** Subscribers hear every poll in the order they subscribed; all subscribe before start(). */
  subscribe(subscriber: ShadowSubscriber<U>): () => Promise<void>;
  /** Leads (and polls on the clock) whenever this replica is the leader; resolves once that work runs. */
  start(): Promise<void>;
  /** One poll now, after the one running, its subscribers done when it resolves; none on a follower. */
  pollNow(): Promise<ShadowEvent[]>;
  /** Other work that must not overlap a poll (the proactive capacity check). */
  serially<T>(task: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * One poll: evaluate the fleet and keep its episodes (shadowPoll), count it, tell the subscribers
 * the episodes, track incidents from them, then tell the incident updates — in that order, so a
 * front end has posted a recommendation before it posts in that recommendation's thread.
 */
export function createShadowService<U = unknown>(opts: ShadowServiceOptions<U>): ShadowService<U> {
  const { core, store, clock, log, metrics } = opts;
  const subscribers = new Subscribers<U>(log);
  const queue = new SerialQueue();
  const leadership = opts.leadership ?? soleLeadership();
  let lastStaleLogged: number | undefined;
  let leading = false;
  let work: ReturnType<typeof whileLeader> | undefined;

  const poll = async (atMs: number): Promise<ShadowEvent[]> => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let events: ShadowEvent[];
    try {
      events = await shadowPoll(core, store, atMs);
    } catch (error) {
      metrics?.pollFinished(seconds(), 'failed', atMs);
      await subscribers.publish('pollFailed', (s) => s.pollFailed?.({ atMs, error }));
      throw error;
    }
    metrics?.pollFinished(seconds(), 'ok', atMs);
    metrics?.signalsObserved(store.listObservations({ sinceMs: atMs }));
    const stale = core.historyRefreshFailure;
    if (stale && stale.atMs !== lastStaleLogged) {
      lastStaleLogged = stale.atMs;
      log.warn({ reason: stale.message }, 'history refresh failed; baselines from the earlier history stay in use');
    }
    await subscribers.publish('episodes', (s) => s.episodes?.({ atMs, events }));
    let updates: U[] = [];
    try {
      updates = opts.incidents ? await opts.incidents.afterPoll(atMs, events) : [];
    } catch (err) {
      log.error({ err: (err as Error).message }, 'incident tracking after a poll failed');
      return events;
    }
    await subscribers.publish('incidents', (s) => s.incidents?.({ atMs, updates }));
    return events;
  };

  const lead = async (): Promise<StopWork> => {
    await subscribers.publish('leaderStarted', (s) => s.leaderStarted?.());
    leading = true;
    const runner =
      opts.pollMs > 0
        ? startShadowRunner({
            clock,
            pollMs: opts.pollMs,
            poll,
            onError: (err) => log.error({ err: (err as Error).message }, 'shadow poll failed'),
            queue,
          })
        : undefined;
    return async () => {
      await runner?.stop();
      await queue.idle();
      leading = false;
      await subscribers.publish('leaderStopped', (s) => s.leaderStopped?.());
    };
  };

  return {
    subscribe(subscriber) {
      if (work) throw new Error(`subscriber "${subscriber.name}" came after the shadow service started`);
      subscribers.add(subscriber);
      return async () => {
        if (!subscribers.remove(subscriber)) return;
        await queue.idle();
        if (leading) await subscribers.call(subscriber, 'leaderStopped', (s) => s.leaderStopped?.());
      };
    },
    start() {
      work ??= whileLeader(leadership, lead, (err) => log.error({ err: (err as Error).message }, 'leader work failed'));
      return work.ready;
    },
    pollNow: () => (leadership.role === 'leader' ? queue.run(() => poll(clock.now())) : Promise.resolve([])),
    serially: (task) => queue.run(task),
    async stop() {
      await work?.stop();
      await queue.idle();
    },
  };
}
