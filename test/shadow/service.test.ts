// The shadow service is the one poll loop: it tells its subscribers each poll in order, a subscriber
// that throws stops neither the loop nor the others, only the leader polls, polls never overlap,
// and a poll that cannot evaluate the fleet is told as such.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FleetClock } from '../../bot/app/clock.js';
import { openRuntime, type Runtime } from '../../bot/app/runtime.js';
import { Core } from '../../bot/core/core.js';
import type { Leadership, Role } from '../../bot/ha/leadership.js';
import { createMetrics } from '../../bot/ops/metrics.js';
import { createShadowService, type ShadowService, type ShadowSubscriber } from '../../bot/shadow/service.js';
import { openStore, type Store } from '../../bot/store/index.js';
import { tempDbPath } from '../../bot/store/test-helpers.js';

const DEMO = fileURLToPath(new URL('../../manifests/scenarios/demo.yaml', import.meta.url));
const FIVE_MIN = 300_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fleet time the test moves; each scheduled poll is `realMs` of real time after the last. */
class StepClock implements FleetClock {
  constructor(
    public t: number,
    private readonly realMs = 60_000,
  ) {}
  now(): number {
    return this.t;
  }
  realDelay(): number {
    return this.realMs;
  }
}

class Entries {
  readonly said: string[] = [];
  readonly errors: { detail: Record<string, unknown>; msg: string }[] = [];
  readonly log = {
    warn: () => {},
    error: (detail: Record<string, unknown>, msg: string) => this.errors.push({ detail, msg }),
  };
  /** A subscriber that writes what it hears, as `name:hook@HH:MM[:detail]`. */
  subscriber(name: string, extra: Partial<ShadowSubscriber<string>> = {}): ShadowSubscriber<string> {
    const at = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    return {
      name,
      episodes: ({ atMs, events }) => {
        this.said.push(`${name}:episodes@${at(atMs)}:${events.map((e) => `${e.type} ${e.recommendation.workUnit}`)}`);
      },
      incidents: ({ atMs, updates }) => {
        this.said.push(`${name}:incidents@${at(atMs)}:${updates.join(',')}`);
      },
      pollFailed: ({ atMs, error }) => {
        this.said.push(`${name}:pollFailed@${at(atMs)}:${(error as Error).message}`);
      },
      leaderStarted: () => {
        this.said.push(`${name}:leaderStarted`);
      },
      leaderStopped: () => {
        this.said.push(`${name}:leaderStopped`);
      },
      ...extra,
    };
  }
}

function switchable(initial: Role): Leadership & { become(role: Role): void } {
  let role = initial;
  const listeners: ((r: Role) => void)[] = [];
  return {
    get role() {
      return role;
    },
    onChange: (l) => listeners.push(l),
    stop: async () => {},
    become(next) {
      role = next;
      for (const l of listeners) l(next);
    },
  };
}

let rt: Runtime;
let store: Store;
let service: ShadowService<string> | undefined;
beforeAll(async () => {
  rt = await openRuntime({ scenario: DEMO, historyDays: 35 }, {});
});
afterEach(async () => {
  await service?.stop();
  service = undefined;
  store?.close();
});

describe('the shadow service', () => {
  it('tells every subscriber each poll in order: episodes, then incidents tracked from them, then their updates', async () => {
    store = openStore(tempDbPath());
    const e = new Entries();
    const clock = new StepClock(Date.parse('2026-03-03T21:00:00Z'));
    const tracked: string[] = [];
    service = createShadowService<string>({
      core: rt.core,
      store,
      clock,
      pollMs: 0,
      log: e.log,
      incidents: {
        afterPoll: async (atMs, events) => {
          e.said.push(`tracking@${new Date(atMs).toISOString().slice(11, 16)}`);
          tracked.push(...events.map((ev) => ev.recommendation.workUnit));
          return events.map((ev) => `incident for ${ev.recommendation.workUnit}`);
        },
      },
    });
    service.subscribe(e.subscriber('slack'));
    service.subscribe(e.subscriber('console'));
    await service.start();
    const events = await service.pollNow();

    // the demo's connection drop on eu-west-1 starts at 21:00: a watch opens
    expect(events.map((ev) => `${ev.type} ${ev.recommendation.workUnit} ${ev.recommendation.verdict}`)).toEqual([
      'opened eu-west-1 watch',
    ]);
    expect(tracked).toEqual(['eu-west-1']);
    expect(e.said).toEqual([
      'slack:leaderStarted',
      'console:leaderStarted',
      'slack:episodes@21:00:opened eu-west-1',
      'console:episodes@21:00:opened eu-west-1',
      'tracking@21:00',
      'slack:incidents@21:00:incident for eu-west-1',
      'console:incidents@21:00:incident for eu-west-1',
    ]);
    expect(() => service!.subscribe(e.subscriber('late'))).toThrow(/came after the shadow service started/);
    await service.stop();
    expect(e.said.slice(-2)).toEqual(['slack:leaderStopped', 'console:leaderStopped']);
  });

  it('goes on polling on its clock when a subscriber throws; the others still hear every poll', async () => {
    store = openStore(tempDbPath());
    const e = new Entries();
    const clock = new StepClock(Date.parse('2026-03-03T20:50:00Z'), 5);
    const broken = e.subscriber('broken', {
      episodes: () => {
        clock.t += FIVE_MIN; // the next scheduled poll is five fleet minutes on
        throw new Error('Slack is down');
      },
      incidents: async () => {
        throw new Error('still down');
      },
    });
    service = createShadowService<string>({ core: rt.core, store, clock, pollMs: FIVE_MIN, log: e.log });
    service.subscribe(broken);
    service.subscribe(e.subscriber('console'));
    await service.start();
    for (let i = 0; i < 400 && !e.said.some((s) => s.startsWith('console:episodes@21:05')); i++) await sleep(10);
    await service.stop();

    const heard = e.said.filter((s) => s.startsWith('console:episodes'));
    expect(heard.slice(0, 4)).toEqual([
      'console:episodes@20:50:',
      'console:episodes@20:55:',
      'console:episodes@21:00:opened eu-west-1',
      'console:episodes@21:05:updated eu-west-1',
    ]);
    expect(e.said.filter((s) => s.startsWith('console:incidents')).length).toBeGreaterThanOrEqual(4);
    expect(e.errors[0]).toEqual({
      detail: { subscriber: 'broken', hook: 'episodes', err: 'Slack is down' },
      msg: 'shadow subscriber failed',
    });
    expect(e.errors[1]?.detail).toEqual({ subscriber: 'broken', hook: 'incidents', err: 'still down' });
    expect(store.listRecommendations({ workUnit: 'eu-west-1' })).toHaveLength(1);
  });

  it('polls nothing on a follower, and starts polling when it becomes the leader', async () => {
    store = openStore(tempDbPath());
    const e = new Entries();
    const leadership = switchable('follower');
    const clock = new StepClock(Date.parse('2026-03-03T21:05:00Z'), 5);
    service = createShadowService<string>({ core: rt.core, store, clock, pollMs: FIVE_MIN, log: e.log, leadership });
    service.subscribe(e.subscriber('slack'));
    await service.start();
    expect(await service.pollNow()).toEqual([]);
    await sleep(50); // ten scheduled polls' worth of real time
    expect(e.said).toEqual([]);
    expect(store.listObservations({ sinceMs: 0 })).toEqual([]);

    leadership.become('leader');
    for (let i = 0; i < 300 && !e.said.some((s) => s.startsWith('slack:episodes')); i++) await sleep(10);
    expect(e.said.slice(0, 2)).toEqual(['slack:leaderStarted', 'slack:episodes@21:05:opened eu-west-1']);
    leadership.become('follower');
    await service.stop();
    expect(e.said.at(-1)).toBe('slack:leaderStopped');
  });

  it('runs an extra poll after the one running, never beside it, and resolves once its subscribers are done', async () => {
    store = openStore(tempDbPath());
    const e = new Entries();
    const clock = new StepClock(Date.parse('2026-03-03T21:00:00Z'), 5);
    let inFlight = 0;
    let most = 0;
    const slow = e.subscriber('slow', {
      episodes: async ({ atMs }) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await sleep(20);
        inFlight--;
        e.said.push(`slow:episodes@${atMs}`);
        clock.t += 60_000;
      },
    });
    service = createShadowService<string>({ core: rt.core, store, clock, pollMs: FIVE_MIN, log: e.log });
    service.subscribe(slow);
    await service.start();
    const extra = await Promise.all([service.pollNow(), service.pollNow(), service.pollNow()]);
    expect(extra).toHaveLength(3);
    const polls = e.said.filter((s) => s.startsWith('slow:episodes'));
    // the scheduled first poll, then the three extra ones, each told before its pollNow resolved
    expect(polls.length).toBeGreaterThanOrEqual(4);
    expect(most).toBe(1);
    expect(new Set(polls).size).toBe(polls.length);
  });

  it('tells a poll that cannot evaluate the fleet as failed, counts it, and rejects pollNow', async () => {
    store = openStore(tempDbPath());
    const e = new Entries();
    const down = {
      ...rt.core.deps.metrics,
      unitRange: async () => {
        throw new Error('Prometheus range query for load: no complete answer within 10000 ms');
      },
    };
    const core = new Core({ ...rt.core.deps, metrics: down });
    const clock = new StepClock(Date.parse('2026-03-03T20:50:00Z'));
    const metrics = createMetrics({ store, pollIntervalSeconds: 300, now: () => clock.now() });
    service = createShadowService<string>({ core, store, clock, pollMs: 0, log: e.log, metrics });
    service.subscribe(e.subscriber('slack'));
    service.subscribe(e.subscriber('console'));
    await service.start();
    await expect(service.pollNow()).rejects.toThrow(/no complete answer/);
    expect(e.said.slice(2)).toEqual([
      'slack:pollFailed@20:50:Prometheus range query for load: no complete answer within 10000 ms',
      'console:pollFailed@20:50:Prometheus range query for load: no complete answer within 10000 ms',
    ]);
    expect(await metrics.registry.getSingleMetricAsString('headroom_polls_total')).toContain(
      'headroom_polls_total{outcome="failed"} 1',
    );
  });
});
