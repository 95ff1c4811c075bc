import type { Logger } from 'pino';
import { type CronSpec, nextOccurrence, parseCron, previousOccurrence } from '../../../tools/config/cron.js';
import type { FleetClock } from '../../app/clock.js';
import type { Store } from '../../store/index.js';

export const LAST_REPORT_META = 'slack.weeklyReport.lastOccurrenceMs';
const RETRY_MS = 5 * 60_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs the weekly report on its cron schedule in fleet time. The last occurrence that ran is kept in
 * the store, so a run missed while the bot was down happens once at start (not once per missed week).
 * On the very first start there is nothing to catch up: the schedule starts from now.
 */
export class ReportScheduler {
  private readonly spec: CronSpec;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly opts: {
      cron: string;
      timezone: string;
      clock: FleetClock;
      store: Store;
      run: (occurrenceMs: number) => Promise<unknown>;
      log: Logger;
    },
  ) {
    this.spec = parseCron(opts.cron);
  }

  /** Also after stop(): a replica that leads again resumes the schedule. */
  async start(): Promise<void> {
    this.stopped = false;
    const { store, clock } = this.opts;
    if (store.getMeta(LAST_REPORT_META) === undefined) {
      const baseline = previousOccurrence(this.spec, this.opts.timezone, clock.now()) ?? clock.now();
      store.setMeta(LAST_REPORT_META, String(baseline));
    }
    await this.tick();
  }

  /** Runs the report if an occurrence is due and has not run; then arms the timer for the next one. */
  tick(): Promise<void> {
    this.running = this.running.then(() => this.tickNow());
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async tickNow(): Promise<void> {
    if (this.stopped) return;
    const { store, clock, timezone, log } = this.opts;
    const now = clock.now();
    const due = previousOccurrence(this.spec, timezone, now);
    const last = Number(store.getMeta(LAST_REPORT_META) ?? Number.NEGATIVE_INFINITY);
    let retry = false;
    if (due !== null && due > last) {
      try {
        await this.opts.run(due);
        store.setMeta(LAST_REPORT_META, String(due));
      } catch (err) {
        retry = true;
        log.warn({ err: (err as Error).message }, 'weekly report failed; will retry');
      }
    }
    const next = retry ? now + RETRY_MS : nextOccurrence(this.spec, timezone, now);
    if (next === null || this.stopped) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, clock.realDelay(next - clock.now())) + 5);
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref?.();
  }
}
