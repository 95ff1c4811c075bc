import type { LatestSample, Signal, Thresholds, UnitMetric } from './types.js';

export interface ConnectionCheck {
  status: 'firing' | 'ok' | 'unknown';
  detail: string;
}

export interface MetricsSignalInput {
  latest: Partial<Record<UnitMetric, LatestSample>>;
  limits: { connections: number; networkMbps: number };
  thresholds: Thresholds;
  /** The seasonal connection-drop detector's result for the newest connections sample. */
  connectionCheck: ConnectionCheck;
}

const REQUIRED: UnitMetric[] = ['load', 'cpu', 'memory', 'connections', 'network', 'errorRate', 'latencyP95'];

/**
 * The metrics source's signal: thresholds on errors, latency and utilisation plus the seasonal
 * connection-drop detector. One source: these all come from the same telemetry pipeline, so they
 * never count as two independent sources for the consensus rule.
 */
export function metricsSignal({ latest, limits, thresholds, connectionCheck }: MetricsSignalInput): Signal {
  const missing = REQUIRED.filter((m) => latest[m] === undefined);
  if (missing.length > 0) {
    return { source: 'metrics', status: 'unknown', detail: `no samples for ${missing.join(', ')}` };
  }
  const v = (m: UnitMetric) => (latest[m] as LatestSample).value;
  const observedAtMs = Math.min(...REQUIRED.map((m) => (latest[m] as LatestSample).sampleMs));
  const findings: string[] = [];
  if (v('errorRate') >= thresholds.errorRateFiring) {
    findings.push(`error rate ${pct(v('errorRate'), 1)} ≥ ${pct(thresholds.errorRateFiring, 1)}`);
  }
  if (v('latencyP95') >= thresholds.latencyP95FiringMs) {
    findings.push(`latency p95 ${Math.round(v('latencyP95'))} ms ≥ ${thresholds.latencyP95FiringMs} ms`);
  }
  const utilisation: [string, number][] = [
    ['cpu', v('cpu')],
    ['memory', v('memory')],
    ['connections', v('connections') / limits.connections],
    ['network', v('network') / limits.networkMbps],
  ];
  for (const [name, u] of utilisation) {
    if (u >= thresholds.utilisationFiring) findings.push(`${name} at ${pct(u, 0)} of its limit`);
  }
  if (connectionCheck.status === 'firing') findings.push(connectionCheck.detail);
  if (findings.length > 0) return { source: 'metrics', status: 'firing', detail: findings.join('; '), observedAtMs };
  if (connectionCheck.status === 'unknown') {
    return { source: 'metrics', status: 'ok', detail: `thresholds ok; ${connectionCheck.detail}`, observedAtMs };
  }
  return {
    source: 'metrics',
    status: 'ok',
    detail: `error rate ${pct(v('errorRate'), 2)}, p95 ${Math.round(v('latencyP95'))} ms, connections as expected`,
    observedAtMs,
  };
}

function pct(x: number, digits: number): string {
  return `${(100 * x).toFixed(digits)} %`;
}
