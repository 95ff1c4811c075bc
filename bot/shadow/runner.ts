import type { FleetClock } from '../app/clock.js';
import type { Core } from '../core/core.js';
import type { Store } from '../store/index.js';
import { type ShadowEvent, shadowPoll } from './shadow-loop.js';

export interface ShadowRunnerOptions {
  core: Core;
  store: Store;
  clock: FleetClock;
  /** Fleet time between polls. */
  pollMs: number;
  onEvents: (events: ShadowEvent[], atMs: number) => void | Promise<void>;
  onError: (err: unknown) => void;
}

/** Polls on the clock, one poll at a time (a slow poll delays the next rather than overlapping it). */
export function startShadowRunner(opts: ShadowRunnerOptions): { stop(): Promise<void>; pollNow(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const poll = async () => {
    const atMs = opts.clock.now();
    try {
      const events = await shadowPoll(opts.core, opts.store, atMs);
      await opts.onEvents(events, atMs);
    } catch (err) {
      opts.onError(err);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = poll().then(schedule);
    }, opts.clock.realDelay(opts.pollMs));
  };
  running = poll().then(schedule);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    /** An extra poll now (e.g. on a pushed alert), serialised with the scheduled ones. */
    async pollNow() {
      running = running.then(poll);
      await running;
    },
  };
}
