import type { FleetClock } from '../app/clock.js';
import { SerialQueue } from './serial-queue.js';

export interface ShadowRunnerOptions {
  clock: FleetClock;
  /** Fleet time between polls. */
  pollMs: number;
  /** One poll at this fleet time (evaluate, record, tell); a rejection goes to onError. */
  poll: (atMs: number) => Promise<unknown>;
  onError: (err: unknown) => void;
  /** The queue polls run on; give the one other polls of the same store use, so none overlap. */
  queue?: SerialQueue;
}

/**
 * Polls on the clock, one poll at a time: a slow poll delays the next rather than overlapping it,
 * and an extra poll (pollNow) waits for the one running.
 */
export function startShadowRunner(opts: ShadowRunnerOptions): { stop(): Promise<void>; pollNow(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const queue = opts.queue ?? new SerialQueue();

  const poll = async () => {
    try {
      await opts.poll(opts.clock.now());
    } catch (err) {
      opts.onError(err);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void queue.run(poll).then(schedule);
    }, opts.clock.realDelay(opts.pollMs));
  };
  void queue.run(poll).then(schedule);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await queue.idle();
    },
    /** An extra poll now (e.g. on a pushed alert), serialised with the scheduled ones; never rejects. */
    pollNow: () => queue.run(poll),
  };
}
