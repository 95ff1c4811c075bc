import { rps } from './planner/wording.js';
import type { LatestSample, Signal, SignalStatus, Thresholds, UnitMetric } from './types.js';

export interface ConnectionCheck {
  status: SignalStatus;
  detail: string;
}

export interface MetricsSignalInput {
  latest: Partial<Record<UnitMetric, LatestSample>>;
  limits: { connections: number; networkMbps: number };
  thresholds: Thresholds;
  /** The seasonal connection-drop detector's result for the newest connections sample. */
  connectionCheck: ConnectionCheck;
  /**
   * Capacity the unit has visibly lost (capacityNow) with the load it carries: lost capacity alone
   * is no distress, but a load beyond the safe capacity that is left is.
   */
  degraded?: { load: number; safeCapacityNow: number; lostFraction: number };
}

const REQUIRED: UnitMetric[] = ['load', 'cpu', 'memory', 'connections', 'network', 'errorRate', 'latencyP95'];
/** Per-request metrics: undefined for a unit that serves no requests (a ratio of 0/0, a quantile of nothing). */
const PER_REQUEST: UnitMetric[] = ['errorRate', 'latencyP95'];

/**
 * The metrics source's signal: thresholds on errors, latency and utilisation plus the seasonal
 * connection-drop detector. One source: these all come from the same telemetry pipeline, so they
 * never count as two independent sources for the consensus rule.
 */
export function metricsSignal({ latest, limits, thresholds, connectionCheck, degraded }: MetricsSignalInput): Signal {
  // An idle unit (load sampled at 0, e.g. a cold standby) has no error rate or latency to sample.
  const idle = latest.load?.value === 0;
  const required = idle ? REQUIRED.filter((m) => !PER_REQUEST.includes(m)) : REQUIRED;
  const missing = required.filter((m) => latest[m] === undefined);
  if (missing.length > 0) {
    return { source: 'metrics', status: 'unknown', detail: `no samples for ${missing.join(', ')}` };
  }
  const v = (m: UnitMetric) => (latest[m] as LatestSample).value;
  const has = (m: UnitMetric) => latest[m] !== undefined;
  const observedAtMs = Math.min(...required.map((m) => (latest[m] as LatestSample).sampleMs));
  const findings: string[] = [];
  if (has('errorRate') && v('errorRate') >= thresholds.errorRateFiring) {
    findings.push(`error rate ${pct(v('errorRate'), 1)} ≥ ${pct(thresholds.errorRateFiring, 1)}`);
  }
  if (has('latencyP95') && v('latencyP95') >= thresholds.latencyP95FiringMs) {
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
  if (degraded && degraded.load >= degraded.safeCapacityNow && degraded.safeCapacityNow > 0) {
    findings.push(
      `load ${rps(degraded.load)} beyond the ${rps(degraded.safeCapacityNow)} it can safely carry with ${pct(degraded.lostFraction, 0)} of its capacity lost`,
    );
  }
  if (findings.length > 0) return { source: 'metrics', status: 'firing', detail: findings.join('; '), observedAtMs };
  if (connectionCheck.status === 'unknown') {
    return { source: 'metrics', status: 'ok', detail: `thresholds ok; ${connectionCheck.detail}`, observedAtMs };
  }
  const perRequest =
    has('errorRate') && has('latencyP95')
      ? `error rate ${pct(v('errorRate'), 2)}, p95 ${Math.round(v('latencyP95'))} ms`
      : 'idle (no traffic: no error rate or latency to judge)';
  return { source: 'metrics', status: 'ok', detail: `${perRequest}, connections as expected`, observedAtMs };
}

function pct(x: number, digits: number): string {
  return `${(100 * x).toFixed(digits)} %`;
}
