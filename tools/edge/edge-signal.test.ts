import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../edge-agent/wire/index.js';
import { measuresOfFindings } from './edge-signal.js';

const report = (kinds: string[]) =>
  ({
    anomalies: kinds.map((kind) => ({ kind, detail: kind, sinceMs: 0, age: { ageMs: 0 } })),
  }) as unknown as CheckReport;

describe('edge signal lineage', () => {
  it('a metric threshold reads the telemetry; probes and the error log are the agent’s own', () => {
    expect(measuresOfFindings(report(['metric:errorRate', 'metric:latencyP95']))).toEqual(['telemetry']);
    expect(measuresOfFindings(report(['listener-down:https']))).toEqual(['edge-probes']);
    expect(measuresOfFindings(report(['error-log-spike', 'metric:cpu']))).toEqual(['edge-error-log', 'telemetry']);
    expect(measuresOfFindings(report([]))).toEqual(['edge-local']);
  });
});
