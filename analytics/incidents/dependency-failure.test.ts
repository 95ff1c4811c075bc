import { describe, expect, it } from 'vitest';
import { type CorrelationInput, correlate, downstreamFailures } from './correlate.js';
import { rankHypotheses } from './hypotheses.js';
import type { TraceInput, TraceSummaryInput } from './inputs.js';

const T0 = Date.UTC(2026, 2, 3, 21, 0);
const MIN = 60_000;
const ok = <T>(value: T) => ({ status: 'ok' as const, value });

/** `n` failing traces edge-gateway → api → checkout → db-proxy; `failsIn(i)` names the failing non-root services of trace i. */
function failingTraces(n: number, failsIn: (i: number) => string[]) {
  const summaries: TraceSummaryInput[] = [];
  const details: TraceInput[] = [];
  for (let i = 0; i < n; i++) {
    const traceId = `t${String(i).padStart(31, '0')}`;
    const failing = new Set(failsIn(i));
    summaries.push({ traceId, rootService: 'edge-gateway', startMs: T0 + i * 1000, durationMs: 2400, error: true });
    details.push({
      traceId,
      spans: [
        { service: 'edge-gateway', durationMs: 2400, error: true, attributes: {} },
        { service: 'api', durationMs: 2250, error: failing.has('api'), attributes: {} },
        { service: 'checkout', durationMs: 700, error: failing.has('checkout'), attributes: {} },
        { service: 'db-proxy', durationMs: 2000, error: failing.has('db-proxy'), attributes: {} },
      ],
    });
  }
  return ok({ summaries, details });
}

const line = (m: number, service: string, message: string) => ({
  timeMs: T0 + m * MIN,
  service,
  level: 'error',
  message,
});

function input(over: Partial<CorrelationInput>): CorrelationInput {
  return {
    workUnit: 'eu-west-1',
    onsetMs: T0,
    observations: [],
    unitMetrics: ok({
      load: { before: 1000, atOnset: 1010 },
      errorRate: { before: 0.001, atOnset: 0.002 },
      connections: { before: 5000, atOnset: 4900 },
      resources: [{ resource: 'cpu', reading: { before: 0.55, atOnset: 0.56 } }],
    }),
    regionLoad: ok([{ clientRegion: 'eu', reading: { before: 800, atOnset: 805 } }]),
    deploys: ok([]),
    logs: { now: ok([]), dayBefore: ok([]), weekBefore: ok([]) },
    traces: ok({ summaries: [], details: [] }),
    ...over,
  };
}

function rank(i: CorrelationInput) {
  const findings = correlate(i);
  const hypotheses = rankHypotheses({ workUnit: i.workUnit, findings, signalsAtOnset: [] });
  const ids = new Set(findings.map((f) => f.id));
  for (const h of hypotheses) {
    expect(h.evidenceIds.length).toBeGreaterThan(0);
    for (const id of h.evidenceIds) expect(ids, `${h.cause} cites ${id}`).toContain(id);
  }
  return { findings, hypotheses };
}

describe('dependency failure needs failing spans downstream of the entry service', () => {
  it('the entry service failing on its own (20 traces, a new signature naming it) is no dependency failure', () => {
    const { findings, hypotheses } = rank(
      input({
        traces: failingTraces(20, () => ['api']),
        logs: {
          now: ok([line(1, 'api', 'api worker crashed'), line(2, 'api', 'api worker crashed')]),
          dayBefore: ok([]),
          weekBefore: ok([]),
        },
      }),
    );
    const trace = findings.find((f) => f.kind === 'trace')!;
    expect(trace.facts).toMatchObject({ entryService: 'api', dependency: '' });
    expect(trace.figures).toMatchObject({ errorTraces: 20, downstreamErrorTraces: 0 });
    expect(hypotheses.find((h) => h.cause === 'dependency-failure')).toBeUndefined();
  });

  it('a trace finding that blames the entry service (as correlation did before) gives no dependency failure', () => {
    const trace = {
      id: 'trace:eu-west-1:t1',
      kind: 'trace' as const,
      atMs: T0,
      source: 'traces',
      workUnit: 'eu-west-1',
      summary: '20 slow or failing traces after onset (20 with errors); most time and errors in api',
      figures: { traces: 20, errorTraces: 20, p95DurationMs: 2400, detailedErrorTraces: 10, downstreamErrorTraces: 0 },
      facts: { dependency: 'api', entryService: 'api', exampleTrace: 't1' },
      status: 'ok' as const,
    };
    expect(rankHypotheses({ workUnit: 'eu-west-1', findings: [trace], signalsAtOnset: [] })).toEqual([]);
  });

  it('a downstream service failing in some traces is the dependency named, not the entry service', () => {
    const { hypotheses } = rank(
      input({ traces: failingTraces(10, (i) => (i % 3 === 0 ? ['api', 'checkout'] : ['api'])) }),
    );
    expect(hypotheses[0]).toMatchObject({ cause: 'dependency-failure', subject: 'checkout' });
    expect(hypotheses[0]!.statement).toMatch(/4 of 10 failing traces read fail in checkout, downstream of api/);
    expect(hypotheses[0]!.evidenceIds[0]).toMatch(/^trace:eu-west-1:t0+$/);
  });

  it('failing downstream spans are a symptom when capacity exhaustion has direct evidence', () => {
    const { hypotheses } = rank(
      input({
        traces: failingTraces(20, () => ['api', 'db-proxy']),
        unitMetrics: ok({
          load: { before: 1000, atOnset: 1005 },
          errorRate: { before: 0.001, atOnset: 0.05 },
          connections: { before: 5000, atOnset: 5100 },
          resources: [{ resource: 'cpu', reading: { before: 0.6, atOnset: 0.97 } }],
        }),
        logs: {
          now: ok([
            line(1, 'db-proxy', 'pool exhausted after 5000 ms'),
            line(2, 'db-proxy', 'pool exhausted after 5000 ms'),
          ]),
          dayBefore: ok([]),
          weekBefore: ok([]),
        },
      }),
    );
    expect(hypotheses[0]).toMatchObject({ cause: 'capacity-exhaustion', subject: 'cpu' });
    const dependency = hypotheses.find((h) => h.cause === 'dependency-failure')!;
    expect(dependency.subject).toBe('db-proxy');
    expect(dependency.confidence).toBeLessThan(hypotheses[0]!.confidence);
    expect(dependency.statement).toMatch(/symptom of capacity-exhaustion \(cpu\)/);
    expect(dependency.evidenceIds).toContain('resource:eu-west-1:cpu');
  });

  it('failing downstream spans are a symptom when connections were lost (network loss)', () => {
    const { hypotheses } = rank(
      input({
        traces: failingTraces(20, () => ['api', 'db-proxy']),
        unitMetrics: ok({
          load: { before: 1000, atOnset: 1000 },
          errorRate: { before: 0.001, atOnset: 0.05 },
          connections: { before: 5000, atOnset: 2500 },
          resources: [],
        }),
      }),
    );
    expect(hypotheses.map((h) => h.cause)).toEqual(['network-loss', 'dependency-failure']);
    expect(hypotheses[1]!.evidenceIds).toContain('resource:eu-west-1:open-connections');
  });

  it('the entry service is the first service after the root by span start, not by list order', () => {
    const span = (service: string, startMs: number, error: boolean) => ({
      service,
      startMs,
      durationMs: 10,
      error,
      attributes: {},
    });
    const trace = {
      traceId: 'x',
      spans: [span('edge', 0, true), span('db', 30, true), span('checkout', 20, false), span('web', 5, true)],
    };
    expect(downstreamFailures([trace], new Set(['edge']))).toEqual({
      entryService: 'web',
      downstream: 'db',
      detailedErrorTraces: 1,
      downstreamErrorTraces: 1,
    });
  });
});
