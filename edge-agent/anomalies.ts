import type { AgentConfig } from './config.js';
import type { ProbeOutcome } from './probes.js';

/** One local condition found in a check cycle. `kind` is stable across cycles so its start can be tracked. */
export interface Finding {
  kind: string;
  detail: string;
}

export interface CycleInputs {
  probes: ProbeOutcome[];
  errorLog?: { perMinute: number; thresholdPerMinute: number };
  metrics: Map<string, number>;
}

/** Below this many error lines a minute, a jump over the baseline is noise, not an anomaly. */
const SPIKE_FLOOR_PER_MINUTE = 5;
const SPIKE_FACTOR = 3;
const BASELINE_WEIGHT = 0.1;

/**
 * The agent's local anomaly state: which conditions hold now and since when. Pure bookkeeping over
 * the inputs of each cycle; the checker logs the transitions as local alerts.
 */
export class AnomalyState {
  private readonly active = new Map<string, { detail: string; sinceMs: number }>();
  private readonly unknown = new Map<string, { detail: string; sinceMs: number }>();
  private errorBaseline: number | undefined;

  constructor(private readonly thresholds: AgentConfig['thresholds']) {}

  /**
   * Applies one cycle; returns what started, what ended (its input was seen and is fine now) and what
   * can no longer be judged (its input was not seen this cycle: a probe removed, the error log
   * unreadable, a metric missing or stale). The last is "unknown", never "resolved": it stays listed
   * by `unjudged()` until a cycle sees its input again and either finds it again or finds it fine.
   */
  update(inputs: CycleInputs, nowMs: number): { started: Finding[]; ended: Finding[]; unobserved: Finding[] } {
    const findings = this.findings(inputs);
    const started: Finding[] = [];
    const ended: Finding[] = [];
    const unobserved: Finding[] = [];
    const seen = new Set<string>();
    for (const f of findings) {
      seen.add(f.kind);
      this.unknown.delete(f.kind);
      const prev = this.active.get(f.kind);
      if (prev) prev.detail = f.detail;
      else {
        this.active.set(f.kind, { detail: f.detail, sinceMs: nowMs });
        started.push(f);
      }
    }
    for (const [kind, a] of this.active) {
      if (seen.has(kind)) continue;
      this.active.delete(kind);
      if (observed(kind, inputs)) ended.push({ kind, detail: a.detail });
      else {
        this.unknown.set(kind, a);
        unobserved.push({ kind, detail: a.detail });
      }
    }
    for (const [kind, a] of this.unknown) {
      if (!seen.has(kind) && observed(kind, inputs)) {
        this.unknown.delete(kind);
        ended.push({ kind, detail: a.detail });
      }
    }
    return { started, ended, unobserved };
  }

  current(): { kind: string; detail: string; sinceMs: number }[] {
    return [...this.active].map(([kind, a]) => ({ kind, ...a }));
  }

  /** Conditions that held when last seen and whose input has not been seen since. */
  unjudged(): { kind: string; detail: string; sinceMs: number }[] {
    return [...this.unknown].map(([kind, a]) => ({ kind, ...a }));
  }

  private findings(inputs: CycleInputs): Finding[] {
    const out: Finding[] = [];
    for (const p of inputs.probes) {
      if (!p.ok) out.push({ kind: `${p.kind}-down:${p.name}`, detail: `${p.kind} ${p.name} failed: ${p.detail}` });
    }
    const log = inputs.errorLog;
    if (log) {
      if (log.perMinute > log.thresholdPerMinute) {
        out.push({
          kind: 'error-log-rate',
          detail: `error log ${fmt(log.perMinute)}/min over the threshold of ${fmt(log.thresholdPerMinute)}/min`,
        });
      } else if (
        this.errorBaseline !== undefined &&
        log.perMinute >= SPIKE_FLOOR_PER_MINUTE &&
        log.perMinute > SPIKE_FACTOR * Math.max(this.errorBaseline, 1)
      ) {
        out.push({
          kind: 'error-log-spike',
          detail: `error log ${fmt(log.perMinute)}/min, ${SPIKE_FACTOR}× above its recent level of ${fmt(this.errorBaseline)}/min`,
        });
      } else {
        // the baseline learns only from unremarkable cycles, so a long incident does not become normal
        this.errorBaseline =
          this.errorBaseline === undefined
            ? log.perMinute
            : (1 - BASELINE_WEIGHT) * this.errorBaseline + BASELINE_WEIGHT * log.perMinute;
      }
    }
    const t = this.thresholds;
    const m = inputs.metrics;
    const errorRate = m.get('errorRate');
    if (errorRate !== undefined && errorRate >= t.errorRate)
      out.push({ kind: 'metric:errorRate', detail: `error rate ${pct(errorRate)} ≥ ${pct(t.errorRate)}` });
    const p95 = m.get('latencyP95');
    if (p95 !== undefined && p95 >= t.latencyP95Ms)
      out.push({ kind: 'metric:latencyP95', detail: `p95 ${Math.round(p95)} ms ≥ ${t.latencyP95Ms} ms` });
    for (const r of ['cpu', 'memory'] as const) {
      const u = m.get(r);
      if (u !== undefined && u >= t.utilisation)
        out.push({ kind: `metric:${r}`, detail: `${r} ${pct(u)} ≥ ${pct(t.utilisation)}` });
    }
    return out;
  }
}

/** Whether this cycle saw the input that a finding of `kind` is judged from. */
function observed(kind: string, inputs: CycleInputs): boolean {
  if (kind.startsWith('metric:')) return inputs.metrics.has(kind.slice('metric:'.length));
  if (kind.startsWith('error-log-')) return inputs.errorLog !== undefined;
  return inputs.probes.some((p) => kind === `${p.kind}-down:${p.name}`);
}

function fmt(x: number): string {
  return x.toFixed(x < 10 ? 1 : 0);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}
