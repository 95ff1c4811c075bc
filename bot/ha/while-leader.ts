import type { Leadership, Role } from './leadership.js';

/** Stops what a start began. */
export type StopWork = () => Promise<void>;

/**
 * Runs `start` whenever this replica becomes the leader, and the stop it returned when it stops
 * leading; changes are handled one after another, in order. `ready` resolves once the work for
 * the role at the time of the call has started (so a sole leader's work is running when it does).
 */
export function whileLeader(
  leadership: Leadership,
  start: () => Promise<StopWork>,
  onError: (err: unknown) => void,
): { ready: Promise<void>; stop(): Promise<void> } {
  let running: StopWork | undefined;
  let chain = Promise.resolve();
  let stopped = false;
  const apply = (role: Role) => {
    chain = chain.then(async () => {
      try {
        if (role === 'leader' && !running && !stopped) running = await start();
        else if (role === 'follower' && running) {
          const stopWork = running;
          running = undefined;
          await stopWork();
        }
      } catch (err) {
        onError(err);
      }
    });
    return chain;
  };
  leadership.onChange((role) => void apply(role));
  const ready = apply(leadership.role);
  return {
    ready,
    async stop() {
      stopped = true;
      await apply('follower');
    },
  };
}
