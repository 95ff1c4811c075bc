/**
 * At most one run going and one waiting: calls made while a run waits join it, so a burst of
 * triggers costs two runs, not one per trigger. Each caller's promise settles with a run that
 * started after the call (so it sees whatever the caller stored before calling).
 */
export function coalesce(run: () => Promise<unknown>): () => Promise<void> {
  let waiting: Promise<void> | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  return () => {
    if (waiting) return waiting;
    const next = tail
      .catch(() => {})
      .then(() => {
        waiting = undefined;
        return run();
      })
      .then(() => undefined);
    waiting = next;
    tail = next;
    return next;
  };
}
