// Headroom's own metrics (prom-client): process defaults plus what an operator of Headroom needs
// to see — polls, open recommendations, decisions, signal states, Slack errors, Claude usage,
// edge-check latency, leadership. Values that live in the store are read at scrape time.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Signal } from '../../analytics/types.js';
import { SIGNAL_STATUSES } from '../../analytics/vocabulary.js';
import type { Store } from '../store/index.js';

export interface HeadroomMetrics {
  registry: Registry;
  /** One shadow poll: how long it took (s) and whether it worked. */
  pollFinished(seconds: number, outcome: 'ok' | 'failed', atMs: number): void;
  /** The signals of each unit at the last poll. */
  signalsObserved(rows: readonly { workUnit: string; signals: readonly Signal[] }[]): void;
  slackApiError(method: string, code: string): void;
  edgeCheck(workUnit: string, seconds: number): void;
  leadership(leader: boolean): void;
  storeReachable(up: boolean): void;
}

export function createMetrics(input: {
  store: Store;
  pollIntervalSeconds: number;
  now: () => number;
}): HeadroomMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // prom-client's gauges of these sums end in _total, which promtool rejects (only counters may);
  // the same figures stay available per type in nodejs_active_handles, _requests and _resources.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
    registry.removeSingleMetric(name);
  const { store } = input;
  const safely = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch {
      return fallback; // the store is down: headroom_store_up says so
    }
  };

  const polls = new Counter({
    name: 'headroom_polls_total',
    help: 'Shadow polls run, by outcome.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const pollDuration = new Histogram({
    name: 'headroom_poll_duration_seconds',
    help: 'Time a shadow poll takes: evaluate every unit, record, post.',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const lastPoll = new Gauge({
    name: 'headroom_last_poll_timestamp_seconds',
    help: 'Wall time of the last successful shadow poll (alert when older than two intervals).',
    registers: [registry],
  });
  new Gauge({
    name: 'headroom_poll_interval_seconds',
    help: 'Configured fleet time between shadow polls.',
    registers: [registry],
  }).set(input.pollIntervalSeconds);
  new Gauge({
    name: 'headroom_open_recommendations',
    help: 'Recommendations open now (one per unit in trouble).',
    registers: [registry],
    collect() {
      this.set(safely(() => store.listRecommendations({ open: true }).length, 0));
    },
  });
  new Gauge({
    name: 'headroom_decisions',
    help: 'Human decisions recorded in the store, by kind.',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      for (const [kind, n] of Object.entries(safely(() => store.decisionCounts(), {}))) this.set({ kind }, n);
    },
  });
  const signalState = new Gauge({
    name: 'headroom_signal_state',
    help: 'Signal state per unit and source at the last poll (1 for the current state).',
    labelNames: ['work_unit', 'source', 'state'],
    registers: [registry],
  });
  const slackErrors = new Counter({
    name: 'headroom_slack_api_errors_total',
    help: 'Failed Slack Web API calls, by method and Slack error code.',
    labelNames: ['method', 'error'],
    registers: [registry],
  });
  const day = 86_400_000;
  const usage = () =>
    safely(() => store.agentUsage.total(0, input.now() + day), { questions: 0, tokens: 0, costUsd: 0 });
  new Counter({
    name: 'headroom_claude_tokens_total',
    help: 'Claude tokens used by answers (input, output and cache), from the store.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(usage().tokens);
    },
  });
  new Counter({
    name: 'headroom_claude_cost_dollars_total',
    help: 'What Claude answers cost in US dollars, from the store.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(usage().costUsd);
    },
  });
  const edge = new Histogram({
    name: 'headroom_edge_check_duration_seconds',
    help: 'Latency of edge-agent checks, by work unit.',
    labelNames: ['work_unit'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const leader = new Gauge({
    name: 'headroom_leader',
    help: '1 when this replica leads (runs the shadow loop, alert polls and reports), else 0.',
    registers: [registry],
  });
  const changes = new Counter({
    name: 'headroom_leadership_changes_total',
    help: 'Times this replica became or stopped being the leader.',
    registers: [registry],
  });
  const storeUp = new Gauge({
    name: 'headroom_store_up',
    help: '1 when the store answered the last readiness check, else 0.',
    registers: [registry],
  });
  storeUp.set(1);
  let wasLeader = false;

  return {
    registry,
    pollFinished(seconds, outcome) {
      polls.inc({ outcome });
      pollDuration.observe(seconds);
      if (outcome === 'ok') lastPoll.set(Date.now() / 1000);
    },
    signalsObserved(rows) {
      signalState.reset();
      for (const row of rows)
        for (const s of row.signals)
          for (const state of SIGNAL_STATUSES)
            signalState.set({ work_unit: row.workUnit, source: s.source, state }, s.status === state ? 1 : 0);
    },
    slackApiError: (method, code) => slackErrors.inc({ method, error: code }),
    edgeCheck: (workUnit, seconds) => edge.observe({ work_unit: workUnit }, seconds),
    leadership(isLeader) {
      if (isLeader !== wasLeader) changes.inc();
      wasLeader = isLeader;
      leader.set(isLeader ? 1 : 0);
    },
    storeReachable: (up) => storeUp.set(up ? 1 : 0),
  };
}
