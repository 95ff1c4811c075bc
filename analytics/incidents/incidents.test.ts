import { describe, expect, it } from 'vitest';
import { type CorrelationInput, correlate } from './correlate.js';
import { rankHypotheses } from './hypotheses.js';
import { afterDecision, afterPoll, durations, type LifecycleState } from './lifecycle.js';
import { errorSignature } from './signatures.js';

const T0 = Date.UTC(2026, 2, 3, 21, 0);
const MIN = 60_000;
const ok = <T>(value: T) => ({ status: 'ok' as const, value });
const down = { status: 'unknown' as const, reason: 'connection refused', tried: 'loki GET /loki/api/v1/query_range' };

function input(over: Partial<CorrelationInput> = {}): CorrelationInput {
  return {
    workUnit: 'eu-west-1',
    onsetMs: T0,
    observations: [],
    unitMetrics: ok({
      load: { before: 1000, atOnset: 1010 },
      errorRate: { before: 0.001, atOnset: 0.002 },
      connections: { before: 5000, atOnset: 4900 },
      resources: [
        { resource: 'cpu', reading: { before: 0.55, atOnset: 0.56 } },
        { resource: 'memory', reading: { before: 0.5, atOnset: 0.5 } },
      ],
    }),
    regionLoad: ok([{ clientRegion: 'eu', reading: { before: 800, atOnset: 805 } }]),
    deploys: ok([]),
    logs: { now: ok([]), dayBefore: ok([]), weekBefore: ok([]) },
    traces: ok({ summaries: [], details: [] }),
    ...over,
  };
}

const rank = (i: CorrelationInput) =>
  rankHypotheses({ workUnit: i.workUnit, findings: correlate(i), signalsAtOnset: [] });

describe('lifecycle', () => {
  const open: LifecycleState = { state: 'open', healthyStreak: 0, streakStartMs: null };

  it('resolves only after N healthy polls in a row; an unhealthy poll starts the count again', () => {
    let s = open;
    const polls = [true, true, false, true, true, true];
    const transitions = polls.map((healthy, i) => {
      const r = afterPoll(s, { atMs: T0 + i * 5 * MIN, healthy }, 3);
      s = r.next;
      return r.transition;
    });
    expect(transitions).toEqual([null, null, 'relapsed', null, null, 'resolved']);
    expect(s).toEqual({ state: 'resolved', healthyStreak: 3, streakStartMs: T0 + 15 * MIN });
  });

  it('a decision moves open to mitigating, and times are derived from the recorded moments', () => {
    expect(afterDecision('open')).toEqual({ state: 'mitigating', transition: 'mitigating' });
    expect(afterDecision('resolved').transition).toBeNull();
    expect(
      durations({
        firstSignalMs: T0,
        openedAtMs: T0 + 5 * MIN,
        decidedAtMs: T0 + 12 * MIN,
        recoveredAtMs: T0 + 60 * MIN,
        resolvedAtMs: T0 + 70 * MIN,
      }),
    ).toEqual({ timeToDetectMs: 5 * MIN, timeToDecisionMs: 7 * MIN, timeToRecoverMs: 60 * MIN });
  });

  it('refuses a hysteresis of zero polls', () => {
    expect(() => afterPoll(open, { atMs: T0, healthy: true }, 0)).toThrow(/resolveAfter/);
  });
});

describe('correlation', () => {
  it('a source that is down yields an unknown finding, never silence', () => {
    const findings = correlate(input({ logs: { now: down, dayBefore: down, weekBefore: down }, deploys: down }));
    const unknown = findings.filter((f) => f.status === 'unknown').map((f) => f.id);
    expect(unknown).toEqual(['unknown:deploys:eu-west-1', 'unknown:logs:eu-west-1']);
  });

  it('an error signature is new only when absent a day and a week before', () => {
    const line = (m: number, message: string) => ({ timeMs: T0 + m * MIN, service: 'api', level: 'error', message });
    const findings = correlate(
      input({
        logs: {
          now: ok([
            line(1, 'pool exhausted after 3012 ms'),
            line(2, 'pool exhausted after 2990 ms'),
            line(2, 'disk slow'),
          ]),
          dayBefore: ok([line(-1440, 'disk slow')]),
          weekBefore: ok([]),
        },
      }),
    );
    const logs = findings.filter((f) => f.kind === 'log-pattern');
    expect(logs.map((f) => [f.facts?.signature, f.facts?.new, f.figures.countNow])).toEqual([
      ['pool exhausted after # ms', true, 2],
      ['disk slow', false, 1],
    ]);
  });

  it('normalises the variable parts of messages', () => {
    expect(errorSignature('Timeout to 10.0.0.7:5432 after 31 ms, request 9f8e7d6c-1111-2222-3333-444455556666')).toBe(
      'timeout to <ip> after # ms, request <id>',
    );
  });
});

describe('ranker', () => {
  const deploy = {
    id: 'github:42',
    workUnit: 'eu-west-1',
    service: 'api',
    version: 'v2.3.1',
    timeMs: T0 - 8 * MIN,
    status: 'succeeded',
    source: 'github',
  };

  it('a harmless deploy minutes before a capacity loss does not win: capacity does', () => {
    const top = rank(
      input({
        deploys: ok([deploy]),
        unitMetrics: ok({
          load: { before: 1000, atOnset: 1005 },
          errorRate: { before: 0.001, atOnset: 0.004 },
          connections: { before: 5000, atOnset: 5100 },
          resources: [{ resource: 'cpu', reading: { before: 0.6, atOnset: 0.97 } }],
        }),
      }),
    );
    expect(top[0]).toMatchObject({ cause: 'capacity-exhaustion', subject: 'cpu' });
    expect(top[0]!.evidenceIds).toContain('resource:eu-west-1:cpu');
    expect(top.find((h) => h.cause === 'bad-deploy')?.confidence ?? 0).toBeLessThan(0.2);
  });

  it('cpu per request up 2× far from its limit is lost capacity; the same rise with the load doubled is not', () => {
    const metrics = (loadAtOnset: number) =>
      ok({
        load: { before: 1000, atOnset: loadAtOnset },
        errorRate: { before: 0.001, atOnset: 0.0012 },
        connections: { before: 5000, atOnset: 5000 },
        resources: [{ resource: 'cpu', reading: { before: 0.38, atOnset: 0.77 } }],
      });
    const costlier = rank(input({ unitMetrics: metrics(1000) }));
    expect(costlier[0]).toMatchObject({ cause: 'capacity-exhaustion', subject: 'cpu' });
    expect(costlier[0]!.statement).toMatch(/each request needs more cpu than before/);
    expect(costlier[0]!.evidenceIds).toEqual(['resource:eu-west-1:cpu', 'traffic:eu-west-1:total']);
    // twice the load for twice the cpu: each request costs what it did, nothing was lost
    const busier = rank(input({ unitMetrics: metrics(2000) }));
    expect(busier.find((h) => h.cause === 'capacity-exhaustion')).toBeUndefined();
  });

  it('a deploy followed by new errors is the top hypothesis, citing the deploy and the signature', () => {
    const err = (m: number) => ({
      timeMs: T0 + m * MIN,
      service: 'api',
      level: 'error',
      message: 'NullPointer in Checkout',
    });
    const top = rank(
      input({
        deploys: ok([deploy]),
        logs: { now: ok([err(1), err(2), err(3)]), dayBefore: ok([]), weekBefore: ok([]) },
        unitMetrics: ok({
          load: { before: 1000, atOnset: 1000 },
          errorRate: { before: 0.001, atOnset: 0.08 },
          connections: { before: 5000, atOnset: 5000 },
          resources: [],
        }),
      }),
    );
    expect(top[0]!.cause).toBe('bad-deploy');
    expect(top[0]!.evidenceIds[0]).toBe('deploy:github:42');
    expect(top[0]!.evidenceIds.some((id) => id.startsWith('log:eu-west-1:'))).toBe(true);
  });

  it('a client region that doubles is a traffic surge from that region', () => {
    const top = rank(
      input({
        regionLoad: ok([
          { clientRegion: 'eu', reading: { before: 800, atOnset: 820 } },
          { clientRegion: 'apac', reading: { before: 200, atOnset: 600 } },
        ]),
      }),
    );
    expect(top[0]).toMatchObject({ cause: 'traffic-surge', subject: 'apac' });
  });

  it('with nothing abnormal, no hypothesis is invented', () => {
    expect(rank(input())).toEqual([]);
  });
});
