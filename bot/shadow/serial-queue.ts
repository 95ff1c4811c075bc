/**
 * Runs tasks one at a time in the order they were queued. Shadow polls go through one queue
 * whether the timer or a pushed alert started them: two polls at once would race on the store's
 * one-open-recommendation-per-unit rule. A task's failure reaches its caller only; the queue goes on.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when everything queued so far has finished. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
