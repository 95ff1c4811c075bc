import { randomUUID } from 'node:crypto';
import type { BaseLogger } from 'pino';
import { readDeploys } from '../tools/deploys/deploy-file.js';
import type { MetricsSource } from '../tools/sources/types.js';
import { AnomalyState } from './anomalies.js';
import type { AgentConfig } from './config.js';
import { isLocalMetrics, type LocalMetrics, localMetricsFromSource } from './local-metrics.js';
import { LogTail } from './log-tail.js';
import { type ProbeOutcome, runProbe } from './probes.js';
import { EDGE_AGENT_VERSION } from './version.js';
import {
  type Age,
  ageAt,
  type CheckReport,
  type ContextItem,
  type ContextRequest,
  type Health,
  type MetricGap,
  type MetricsStatus,
} from './wire/index.js';

export type LocalLog = Pick<BaseLogger, 'info' | 'warn' | 'error'>;

export interface LocalCheckerOptions {
  workUnit: string;
  config: AgentConfig;
  /** The unit's Prometheus or the simulator; absent → the report says no local metrics are configured. */
  metrics?: MetricsSource | LocalMetrics;
  log: LocalLog;
  now?: () => number;
}

interface CycleResult {
  atMs: number;
  probes: ProbeOutcome[];
  metrics: LocalSnapshot;
  errorLog?: { perMinute: number; errorLines: number; observedAtMs: number } | { problem: string };
  health: Health;
  reasons: string[];
}

interface LocalSnapshot {
  samples: { metric: string; value: number; observedAtMs: number; stale: boolean }[];
  missing: MetricGap[];
  status: MetricsStatus;
  note: string;
}

const DEFAULT_CONTEXT_WINDOW_MS = 3_600_000;

/**
 * Runs the local checks on a timer, whether or not the central calls, keeps the anomaly state and
 * writes local alerts to the log. `Check` answers from the last completed cycle, so it costs no I/O.
 * The checker only reads: it never acts on traffic.
 */
/** The metrics the agent judges against its thresholds (see AnomalyState): without one of them fresh, no verdict. */
const JUDGED_METRICS = ['errorRate', 'latencyP95', 'cpu', 'memory'] as const;

export class LocalChecker {
  readonly instanceId = randomUUID();
  readonly startedAtMs: number;
  private readonly now: () => number;
  private readonly anomalies: AnomalyState;
  private readonly logTail: LogTail | undefined;
  private readonly metrics: LocalMetrics | undefined;
  private last: CycleResult | undefined;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastCentralCallMs = 0;
  private centralSilenceAlerted = false;

  constructor(private readonly options: LocalCheckerOptions) {
    this.now = options.now ?? Date.now;
    this.startedAtMs = this.now();
    this.anomalies = new AnomalyState(options.config.thresholds);
    const m = options.metrics;
    this.metrics = m === undefined ? undefined : isLocalMetrics(m) ? m : localMetricsFromSource(m);
    const logs = options.config.logs;
    // keep enough lines for the longest Context window asked for by default
    if (logs)
      this.logTail = new LogTail(logs.file, logs.errorPattern, Math.max(logs.windowMs, DEFAULT_CONTEXT_WINDOW_MS));
  }

  start(): void {
    if (this.timer) return;
    void this.runCycle();
    this.timer = setInterval(() => void this.runCycle(), this.options.config.checkIntervalMs);
    this.timer.unref(); // the gRPC server keeps the process alive, not this timer
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One check cycle; concurrent calls share the one in flight. */
  runCycle(): Promise<void> {
    this.running ??= this.cycle().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  noteCentralCall(): void {
    this.lastCentralCallMs = this.now();
    if (this.centralSilenceAlerted)
      this.options.log.info({ localAlert: 'central-silent', resolved: true }, 'central is calling again');
    this.centralSilenceAlerted = false;
  }

  report(): CheckReport {
    const nowMs = this.now();
    const c = this.last;
    const age = (ms: number): Age => ageAt(ms, nowMs);
    const base = {
      workUnit: this.options.workUnit,
      agentVersion: EDGE_AGENT_VERSION,
      instanceId: this.instanceId,
      startedAtMs: this.startedAtMs,
      generatedAtMs: nowMs,
      lastCentralCallMs: this.lastCentralCallMs,
    };
    const logs = this.options.config.logs;
    if (!c) {
      return {
        ...base,
        health: 'HEALTH_UNKNOWN',
        reasons: ['the first local check cycle has not finished'],
        probes: [],
        metrics: {
          source: this.metrics?.kind ?? 'none',
          samples: [],
          note: 'no check cycle yet',
          status: this.metrics ? 'unknown' : 'none',
          missing: [],
          freshnessMs: this.metrics?.freshnessMs ?? 0,
        },
        errorLog: emptyErrorLog('no check cycle yet', logs?.windowMs ?? 0, logs?.errorRateThresholdPerMinute ?? 0),
        anomalies: [],
        cycle: { observedAtMs: 0, ageMs: 0 },
      };
    }
    const el = c.errorLog;
    return {
      ...base,
      health: c.health,
      reasons: c.reasons,
      probes: c.probes.map((p) => ({ ...p, age: age(p.observedAtMs) })),
      metrics: {
        source: this.metrics?.kind ?? 'none',
        samples: c.metrics.samples.map((s) => ({
          metric: s.metric,
          value: s.value,
          age: age(s.observedAtMs),
          stale: s.stale,
        })),
        note: c.metrics.note,
        status: c.metrics.status,
        missing: c.metrics.missing,
        freshnessMs: this.metrics?.freshnessMs ?? 0,
      },
      errorLog:
        el === undefined || 'problem' in el
          ? emptyErrorLog(
              el?.problem ?? 'no log file configured',
              logs?.windowMs ?? 0,
              logs?.errorRateThresholdPerMinute ?? 0,
            )
          : {
              available: true,
              perMinute: el.perMinute,
              errorLines: el.errorLines,
              windowMs: logs?.windowMs ?? 0,
              thresholdPerMinute: logs?.errorRateThresholdPerMinute ?? 0,
              age: age(el.observedAtMs),
              note: '',
            },
      anomalies: this.anomalies.current().map((a) => ({ ...a, age: age(c.atMs) })),
      cycle: age(c.atMs),
    };
  }

  async context(req: ContextRequest): Promise<ContextItem[]> {
    const nowMs = this.now();
    const windowMs = req.windowMs > 0 ? req.windowMs : DEFAULT_CONTEXT_WINDOW_MS;
    const items: ContextItem[] = [];
    for (const logPattern of this.logTail?.topPatterns(nowMs, windowMs, req.maxPatterns > 0 ? req.maxPatterns : 10) ??
      [])
      items.push({ item: 'logPattern', logPattern });
    const deploysFile = this.options.config.deploys?.file;
    if (deploysFile)
      for (const deploy of await readDeploys(deploysFile, nowMs - windowMs, nowMs))
        items.push({ item: 'deploy', deploy });
    // active anomalies hold now, so they belong to any window ending now
    for (const anomaly of this.report().anomalies) items.push({ item: 'anomaly', anomaly });
    return items;
  }

  private async cycle(): Promise<void> {
    const { config, log, workUnit } = this.options;
    const atMs = this.now();
    const [probes, metrics] = await Promise.all([
      Promise.all(config.probes.map((p) => runProbe(p, this.now))),
      this.readMetrics(atMs),
    ]);
    let errorLog: CycleResult['errorLog'];
    if (this.logTail && config.logs) {
      const readAt = this.now();
      await this.logTail.poll(readAt);
      errorLog = this.logTail.lastProblem
        ? { problem: this.logTail.lastProblem }
        : { ...this.logTail.errorRate(readAt, config.logs.windowMs), observedAtMs: readAt };
    }
    const { started, ended, unobserved } = this.anomalies.update(
      {
        probes,
        errorLog:
          errorLog && !('problem' in errorLog) && config.logs
            ? { perMinute: errorLog.perMinute, thresholdPerMinute: config.logs.errorRateThresholdPerMinute }
            : undefined,
        // stale values are reported, not judged: a threshold crossed an hour ago is no local anomaly now
        metrics: new Map(metrics.samples.filter((s) => !s.stale).map((s) => [s.metric, s.value])),
      },
      atMs,
    );
    for (const f of started) log.warn({ localAlert: f.kind, workUnit }, `local alert: ${f.detail}`);
    for (const f of ended) log.info({ localAlert: f.kind, workUnit, resolved: true }, `resolved: ${f.detail}`);
    for (const f of unobserved)
      log.warn({ localAlert: f.kind, workUnit, unknown: true }, `unknown, no fresh data to judge: ${f.detail}`);

    const unhealthy = this.anomalies.current().map((a) => a.detail);
    const gaps: string[] = [];
    if (errorLog && 'problem' in errorLog) gaps.push(`error log unavailable: ${errorLog.problem}`);
    if (metrics.status === 'unknown') gaps.push(`no local metrics: ${metrics.note}`);
    if (metrics.status === 'stale') gaps.push(`local metrics stale: ${metrics.note}`);
    if (metrics.status === 'partial') {
      const fresh = new Set(metrics.samples.filter((x) => !x.stale).map((x) => x.metric));
      const blind = JUDGED_METRICS.filter((m) => !fresh.has(m));
      if (blind.length > 0)
        gaps.push(`no fresh ${blind.join(', ')}: cannot judge ${blind.length === 1 ? 'it' : 'them'}`);
    }
    for (const a of this.anomalies.unjudged()) gaps.push(`no fresh data to judge: ${a.detail}`);
    const checkedSomething =
      probes.length > 0 || (errorLog && !('problem' in errorLog)) || metrics.samples.some((s) => !s.stale);
    if (!checkedSomething && gaps.length === 0)
      gaps.push('nothing to check: no probes, log file or metrics configured');
    const health: Health =
      unhealthy.length > 0 ? 'HEALTH_UNHEALTHY' : gaps.length > 0 ? 'HEALTH_UNKNOWN' : 'HEALTH_HEALTHY';
    this.last = {
      atMs,
      probes,
      metrics,
      errorLog,
      health,
      reasons: [...unhealthy, ...gaps],
    };
    this.alertIfCentralSilent();
  }

  /**
   * The local metrics snapshot of one cycle. Every value is a sample the source returned, dated by its
   * own timestamp; what could not be read is listed with its reason. Nothing is carried over from an
   * earlier cycle, so a Prometheus that went away yields "unknown", not the last values it gave.
   */
  private async readMetrics(atMs: number): Promise<LocalSnapshot> {
    const source = this.metrics;
    if (!source) return { samples: [], missing: [], status: 'none', note: 'no local metrics configured' };
    const readings = await source.read(this.options.workUnit, atMs);
    const limit = source.freshnessMs;
    const samples: LocalSnapshot['samples'] = [];
    const missing: MetricGap[] = [];
    for (const r of readings) {
      if (r.ok) {
        const stale = limit !== undefined && atMs - r.sampleMs > limit;
        samples.push({ metric: r.metric, value: r.value, observedAtMs: r.sampleMs, stale });
      } else missing.push({ metric: r.metric, reason: r.reason });
    }
    const fresh = samples.filter((s) => !s.stale);
    const stale = samples.filter((s) => s.stale);
    const status: MetricsStatus =
      samples.length === 0
        ? 'unknown'
        : fresh.length === 0
          ? 'stale'
          : fresh.length === readings.length
            ? 'ok'
            : 'partial';
    const notes: string[] = [];
    if (samples.length === 0) {
      const failed = readings.some((r) => !r.ok && r.failed);
      const why = [...new Set(missing.map((m) => m.reason))];
      // per-metric reasons (which query, which template) are in `missing`
      notes.push(
        failed
          ? `the ${source.kind} source failed: ${why.join('; ')}`
          : `the ${source.kind} source has no samples for ${this.options.workUnit}`,
      );
    } else {
      if (stale.length > 0) {
        const oldest = Math.max(...stale.map((s) => atMs - s.observedAtMs));
        notes.push(
          `stale (older than ${secs(limit ?? 0)}): ${stale.map((s) => s.metric).join(', ')}; oldest ${secs(oldest)}`,
        );
      }
      if (missing.length > 0) notes.push(`missing: ${missing.map((m) => m.metric).join(', ')}`);
    }
    return { samples, missing, status, note: notes.join('; ') };
  }

  /** The agent never calls the central; it notices the central's silence and says so locally. */
  private alertIfCentralSilent(): void {
    const silentSince = this.lastCentralCallMs || this.startedAtMs;
    const silentMs = this.now() - silentSince;
    if (!this.centralSilenceAlerted && silentMs >= this.options.config.centralSilenceAlertMs) {
      this.centralSilenceAlerted = true;
      this.options.log.warn(
        { localAlert: 'central-silent', workUnit: this.options.workUnit, silentMs },
        'local alert: no call from the central; checks continue locally and alerts go to this log',
      );
    }
  }
}

function emptyErrorLog(note: string, windowMs: number, thresholdPerMinute: number): CheckReport['errorLog'] {
  return {
    available: false,
    perMinute: 0,
    errorLines: 0,
    windowMs,
    thresholdPerMinute,
    age: { observedAtMs: 0, ageMs: 0 },
    note,
  };
}

function secs(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
