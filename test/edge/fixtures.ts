import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { LatestSample, Series, UnitMetric, WorkUnitId } from '../../analytics/types.js';
import type { EdgeAgentClientOptions } from '../../tools/edge/client.js';
import type { MetricsSource } from '../../tools/sources/types.js';
import { type CaFiles, type Issued, TestPki } from './pki.js';

export const WU = 'eu-west-1';
export const AGENT_ID = 'edge.eu-west-1.headroom.internal';
export const CENTRAL_ID = 'central.headroom.internal';

/** The certificates every edge test file needs; made once per file. */
export interface EdgePki {
  pki: TestPki;
  fleetCa: CaFiles;
  rogueCa: CaFiles;
  agent: Issued;
  central: Issued;
  /** Signed by the fleet CA but with an identity that is not allowed. */
  stranger: Issued;
  /** Signed by another CA, with the allowed identity. */
  rogueCentral: Issued;
}

export function makeEdgePki(): EdgePki {
  const pki = new TestPki();
  const fleetCa = pki.ca('fleet-ca');
  const rogueCa = pki.ca('rogue-ca');
  return {
    pki,
    fleetCa,
    rogueCa,
    agent: pki.leaf(fleetCa, 'agent', [AGENT_ID]),
    central: pki.leaf(fleetCa, 'central', [CENTRAL_ID]),
    stranger: pki.leaf(fleetCa, 'stranger', ['someone-else.headroom.internal']),
    rogueCentral: pki.leaf(rogueCa, 'rogue-central', [CENTRAL_ID]),
  };
}

export function agentTls(p: EdgePki) {
  return { cert: p.agent.cert, key: p.agent.key, ca: p.fleetCa.cert };
}

export function centralOptions(
  p: EdgePki,
  agents: Record<string, { port: number; identity?: string }>,
  overrides: Partial<EdgeAgentClientOptions> = {},
): EdgeAgentClientOptions {
  return {
    agents: Object.fromEntries(
      Object.entries(agents).map(([wu, a]) => [
        wu,
        { target: `127.0.0.1:${a.port}`, identity: a.identity ?? AGENT_ID },
      ]),
    ),
    tls: { cert: p.central.cert, key: p.central.key, ca: p.fleetCa.cert },
    deadlineMs: 300,
    breaker: { failuresToOpen: 3, cooldownMs: 60_000 },
    ...overrides,
  };
}

/** A pino logger whose lines the test can read. */
export function captureLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

/** A tiny MetricsSource for one unit: fixed values, samples dated by `sampleAgeMs` before the asked instant. */
export class FakeMetrics implements MetricsSource {
  readonly kind = 'simulated' as const;
  values: Partial<Record<UnitMetric, number>> = {
    load: 1200,
    cpu: 0.42,
    memory: 0.55,
    errorRate: 0.002,
    latencyP95: 210,
  };
  sampleAgeMs = 1_000;
  /** When set, latest() waits for it (a slow telemetry backend). */
  gate: Promise<void> | undefined;

  constructor(readonly workUnit: WorkUnitId = WU) {}

  async unitRange(): Promise<Map<WorkUnitId, Series>> {
    return new Map();
  }
  async regionLoadRange(): Promise<Map<string, Map<WorkUnitId, Series>>> {
    return new Map();
  }
  async latest(metric: UnitMetric, atMs: number): Promise<Map<WorkUnitId, LatestSample>> {
    if (this.gate) await this.gate;
    const v = this.values[metric];
    return v === undefined ? new Map() : new Map([[this.workUnit, { value: v, sampleMs: atMs - this.sampleAgeMs }]]);
  }
}

export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 3_000, stepMs = 10): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
