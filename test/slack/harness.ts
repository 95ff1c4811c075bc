import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { FleetClock } from '../../bot/app/clock.js';
import { openRuntime, type Runtime } from '../../bot/app/runtime.js';
import type { Core } from '../../bot/core/core.js';
import type { Leadership } from '../../bot/ha/leadership.js';
import type { Narrator } from '../../bot/incidents/narrate.js';
import { IncidentService } from '../../bot/incidents/service.js';
import { type SlackBot, startSlackBot } from '../../bot/slack/bot.js';
import type { CapacityChartRenderer } from '../../bot/slack/charts/capacity-png.js';
import type { QuestionHandler } from '../../bot/slack/questions/types.js';
import type { SlackTransport } from '../../bot/slack/transport.js';
import { openStore, type Store } from '../../bot/store/index.js';
import type { FleetConfig } from '../../tools/config/load-fleet.js';
import { FakeSlack } from './fake-slack/server.js';

export const DEMO = new URL('../../manifests/scenarios/demo.yaml', import.meta.url).pathname;
export const OPS = 'C0OPS';
export const LEADERS = 'C0LEADERS';
export const ADMIN = 'UADMIN01';
export const OPERATOR = 'UOPER001';
export const ONCALL_GROUP = 'S0ONCALL';
export const GROUP_MEMBER = 'UGROUP01';
export const VIEWER = 'UVIEW001';
export const SIGNING_SECRET = 'test-signing-secret';

/** Fleet time the test controls; timers it arms are far in real time unless a test ticks them. */
export class ManualClock implements FleetClock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
  realDelay(fleetMs: number): number {
    return fleetMs;
  }
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
}

let runtime: Promise<Runtime> | undefined;
/** One simulated fleet per test file (history loads once). */
export function demoRuntime(): Promise<Runtime> {
  runtime ??= openRuntime({ scenario: DEMO }, { HEADROOM_HISTORY_DAYS: '35' });
  return runtime;
}

export function testConfig(rt: Runtime): FleetConfig {
  return {
    ...rt.config,
    roles: { admins: [ADMIN], operators: [OPERATOR, ONCALL_GROUP], viewers: [VIEWER] },
    slack: {
      channel: OPS,
      reportChannel: LEADERS,
      report: { cron: '0 9 * * 1', timezone: 'Europe/Berlin' },
      http: { host: '127.0.0.1', port: 0, path: '/slack/events' },
    },
  };
}

export interface Harness {
  fake: FakeSlack;
  bot: SlackBot;
  store: Store;
  clock: ManualClock;
  dbPath: string;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  opts: {
    transport?: 'socket' | 'http';
    at?: string;
    renderChart?: CapacityChartRenderer;
    /** In place of the deterministic what-if reader. */
    questions?: QuestionHandler;
    fake?: FakeSlack;
    dir?: string;
    /** In place of the demo fleet's core (e.g. one over a metrics source that fails). */
    core?: Core;
    /** Another store than a SQLite file in dir (e.g. a postgres:// URL). */
    storeLocation?: string;
    /** Runs incidents after every poll, as `headroom start` does in Slack. */
    incidents?: boolean;
    /** With incidents: the postmortem's narrator (Claude's place). */
    narrator?: Narrator;
    /** Replicas: this bot's leadership (the sole leader by default). */
    leadership?: Leadership;
    /** In place of the test config (e.g. owners in its incidents section). */
    config?: (config: FleetConfig) => FleetConfig;
  } = {},
): Promise<Harness> {
  const rt = await demoRuntime();
  const fake = opts.fake ?? (await new FakeSlack().start());
  fake.userGroups.set(ONCALL_GROUP, [GROUP_MEMBER]);
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'headroom-slack-'));
  const dbPath = opts.storeLocation ?? join(dir, 'headroom.db');
  const clock = new ManualClock(Date.parse(opts.at ?? '2026-03-03T20:50:00Z'));
  const transport: Exclude<SlackTransport, { kind: 'console' }> =
    opts.transport === 'http'
      ? { kind: 'http', botToken: 'xoxb-test', signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl }
      : { kind: 'socket', botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: fake.apiUrl };
  const open = async () => {
    const store = openStore(dbPath);
    const config = opts.config ? opts.config(testConfig(rt)) : testConfig(rt);
    const incidents = opts.incidents
      ? new IncidentService({
          store,
          core: opts.core ?? rt.core,
          config,
          evidence: rt.evidence,
          ...(opts.narrator ? { narrator: opts.narrator } : {}),
        })
      : undefined;
    const bot = await startSlackBot({
      transport,
      config,
      ...(incidents ? { incidents } : {}),
      ...(opts.leadership ? { leadership: opts.leadership } : {}),
      core: opts.core ?? rt.core,
      store,
      clock,
      log: pino({ level: 'silent' }),
      pollMs: 0,
      bolt: {
        clientPingTimeout: 600,
        retryConfig: { retries: 3, factor: 1, minTimeout: 20, maxTimeout: 50, randomize: false },
        http: { host: '127.0.0.1', port: 0, path: '/slack/events' },
      },
      ...(opts.renderChart ? { renderChart: opts.renderChart } : {}),
      ...(opts.questions ? { questions: opts.questions } : {}),
    });
    return { store, bot };
  };
  let current = await open();
  const h: Harness = {
    fake,
    bot: current.bot,
    store: current.store,
    clock,
    dbPath,
    async restart() {
      await current.bot.stop();
      current.store.close();
      current = await open();
      h.bot = current.bot;
      h.store = current.store;
    },
    async close() {
      await current.bot.stop();
      current.store.close();
      if (!opts.fake) await fake.stop();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}
