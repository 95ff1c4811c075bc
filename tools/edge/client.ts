import * as grpc from '@grpc/grpc-js';
import type { WorkUnitId } from '../../analytics/types.js';
import {
  type CheckReport,
  type ContextItem,
  type ContextRequest,
  newEdgeAgentClient,
  ReloadingTlsFiles,
  type SummarizeRequest,
  type Summary,
  sanIdentities,
  type TlsPaths,
} from '../../edge-agent/wire/index.js';
import { type BreakerOptions, CircuitBreaker } from './breaker.js';

export interface EdgeAgentEndpoint {
  target: string;
  /** The SAN identity the agent's certificate must carry (the unit's configured name). */
  identity: string;
}

export interface EdgeAgentClientOptions {
  agents: Readonly<Record<WorkUnitId, EdgeAgentEndpoint>>;
  tls: TlsPaths;
  deadlineMs: number;
  breaker: BreakerOptions;
  /** Wall clock for the breaker; injectable for tests. */
  now?: () => number;
  /** Told when rotated certificate files cannot be loaded (the previous ones stay in use). */
  onTlsProblem?: (message: string) => void;
}

export type UnreachableReason = 'timeout' | 'refused' | 'tls' | 'denied' | 'breaker-open' | 'not-configured' | 'error';

export type EdgeCheckOutcome =
  | { workUnit: WorkUnitId; status: 'answered'; target: string; latencyMs: number; report: CheckReport }
  | {
      workUnit: WorkUnitId;
      status: 'unreachable';
      target?: string;
      latencyMs: number;
      reason: UnreachableReason;
      detail: string;
    };

interface Channel {
  client: grpc.Client;
  tlsVersion: number;
}

type UnaryMethod = (
  req: unknown,
  meta: grpc.Metadata,
  opts: grpc.CallOptions,
  cb: (err: grpc.ServiceError | null, res: unknown) => void,
) => void;

/**
 * The central's client of the edge agents: mutual TLS, the agent's identity pinned per unit,
 * a deadline on every call, all units in parallel, and a circuit breaker per unit. A call that
 * failed on the connection (refused, reset, TLS) drops its channel, so a restarted agent is reached
 * on the next call instead of after a backoff. A call that only ran out of time keeps it: the
 * connection (TCP + TLS + HTTP/2, several round trips to a distant unit) may still be coming up,
 * and the next call uses it warm instead of paying the set-up inside its deadline again.
 */
export class EdgeAgentClient {
  private readonly tlsFiles: ReloadingTlsFiles;
  private readonly channels = new Map<WorkUnitId, Channel>();
  private readonly breakers = new Map<WorkUnitId, CircuitBreaker>();
  private readonly now: () => number;

  constructor(private readonly options: EdgeAgentClientOptions) {
    this.tlsFiles = new ReloadingTlsFiles(options.tls, options.onTlsProblem);
    this.now = options.now ?? Date.now;
  }

  get workUnits(): WorkUnitId[] {
    return Object.keys(this.options.agents);
  }

  breakerState(workUnit: WorkUnitId): string {
    return this.breakers.get(workUnit)?.state(this.now()) ?? 'closed';
  }

  /** Checks every unit concurrently; each answer arrives within the deadline or is "unreachable". */
  async checkAll(workUnits: readonly WorkUnitId[]): Promise<Map<WorkUnitId, EdgeCheckOutcome>> {
    this.tlsFiles.refresh(); // rotated client certificates take effect on the next poll
    const outcomes = await Promise.all(workUnits.map((wu) => this.check(wu)));
    return new Map(outcomes.map((o) => [o.workUnit, o]));
  }

  async check(workUnit: WorkUnitId): Promise<EdgeCheckOutcome> {
    const started = performance.now();
    const endpoint = this.options.agents[workUnit];
    if (!endpoint) {
      return {
        workUnit,
        status: 'unreachable',
        latencyMs: 0,
        reason: 'not-configured',
        detail: `no edge agent configured for ${workUnit}`,
      };
    }
    const breaker = this.breaker(workUnit);
    const nowMs = this.now();
    if (!breaker.tryAcquire(nowMs)) {
      return {
        workUnit,
        status: 'unreachable',
        target: endpoint.target,
        latencyMs: 0,
        reason: 'breaker-open',
        detail: `circuit open after repeated failures; next try in ${Math.ceil(breaker.retryInMs(nowMs) / 1000)} s`,
      };
    }
    try {
      const report = (await this.unary(workUnit, 'Check', {})) as CheckReport;
      breaker.success();
      return { workUnit, status: 'answered', target: endpoint.target, latencyMs: performance.now() - started, report };
    } catch (err) {
      breaker.failure(this.now());
      const { reason, detail } = classifyFailure(err as grpc.ServiceError, this.options.deadlineMs);
      return {
        workUnit,
        status: 'unreachable',
        target: endpoint.target,
        latencyMs: performance.now() - started,
        reason,
        detail,
      };
    }
  }

  async summarize(workUnit: WorkUnitId, req: Partial<SummarizeRequest>, deadlineMs?: number): Promise<Summary> {
    return (await this.unary(workUnit, 'Summarize', req, deadlineMs)) as Summary;
  }

  /** Streams the unit's local context; the deadline covers the whole stream. */
  context(workUnit: WorkUnitId, req: Partial<ContextRequest>, deadlineMs?: number): Promise<ContextItem[]> {
    const client = this.channel(workUnit);
    return new Promise((resolve, reject) => {
      const items: ContextItem[] = [];
      const stream = (
        client as unknown as { Context: (r: unknown, o: grpc.CallOptions) => grpc.ClientReadableStream<ContextItem> }
      ).Context(req, {
        deadline: Date.now() + (deadlineMs ?? this.options.deadlineMs),
      });
      stream.on('data', (item: ContextItem) => items.push(item));
      stream.on('error', (err: grpc.ServiceError) => {
        this.dropChannelAfter(workUnit, err);
        reject(err);
      });
      stream.on('end', () => resolve(items));
    });
  }

  close(): void {
    for (const wu of [...this.channels.keys()]) this.dropChannel(wu);
    this.tlsFiles.close();
  }

  private unary(
    workUnit: WorkUnitId,
    method: 'Check' | 'Summarize',
    req: unknown,
    deadlineMs?: number,
  ): Promise<unknown> {
    const client = this.channel(workUnit);
    const call = (client as unknown as Record<string, UnaryMethod>)[method]!.bind(client);
    return new Promise((resolve, reject) => {
      call(req, new grpc.Metadata(), { deadline: Date.now() + (deadlineMs ?? this.options.deadlineMs) }, (err, res) => {
        if (err) {
          this.dropChannelAfter(workUnit, err);
          reject(err);
        } else resolve(res);
      });
    });
  }

  private channel(workUnit: WorkUnitId): grpc.Client {
    const endpoint = this.options.agents[workUnit];
    if (!endpoint) throw new Error(`no edge agent configured for ${workUnit}`);
    const existing = this.channels.get(workUnit);
    if (existing && existing.tlsVersion === this.tlsFiles.version) return existing.client;
    if (existing) this.dropChannel(workUnit);
    const { cert, key, ca } = this.tlsFiles.current;
    const credentials = grpc.credentials.createSsl(ca, key, cert, {
      // Pin the agent's identity: the target is an address, the certificate must name the unit's agent.
      checkServerIdentity: (_host, peer) =>
        sanIdentities(peer.subjectaltname).includes(endpoint.identity)
          ? undefined
          : new Error(`agent certificate identity ${peer.subjectaltname ?? '(none)'} is not ${endpoint.identity}`),
    });
    const client = newEdgeAgentClient(endpoint.target, credentials, {
      // SNI carries the identity rather than the IP address (RFC 6066 forbids IPs in SNI)
      'grpc.ssl_target_name_override': endpoint.identity,
      'grpc.default_authority': endpoint.identity,
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 2_000,
      // one channel per unit: do not share subchannels between units that happen to use one address
      'grpc.use_local_subchannel_pool': 1,
    });
    this.channels.set(workUnit, { client, tlsVersion: this.tlsFiles.version });
    return client;
  }

  private dropChannelAfter(workUnit: WorkUnitId, err: grpc.ServiceError): void {
    if (err.code !== grpc.status.DEADLINE_EXCEEDED) this.dropChannel(workUnit);
  }

  private dropChannel(workUnit: WorkUnitId): void {
    this.channels.get(workUnit)?.client.close();
    this.channels.delete(workUnit);
  }

  private breaker(workUnit: WorkUnitId): CircuitBreaker {
    let b = this.breakers.get(workUnit);
    if (!b) {
      b = new CircuitBreaker(this.options.breaker);
      this.breakers.set(workUnit, b);
    }
    return b;
  }
}

/** Maps a gRPC failure to why the agent could not be heard, for the "unknown" signal's detail. */
export function classifyFailure(
  err: grpc.ServiceError,
  deadlineMs: number,
): { reason: UnreachableReason; detail: string } {
  const details = err.details || err.message || String(err);
  if (err.code === grpc.status.DEADLINE_EXCEEDED)
    return { reason: 'timeout', detail: `no answer within ${deadlineMs} ms` };
  if (err.code === grpc.status.UNAUTHENTICATED || err.code === grpc.status.PERMISSION_DENIED)
    return { reason: 'denied', detail: `agent refused the central: ${details}` };
  if (/certificate|ssl|tls|handshake|identity|altnames|self.signed|unable to (verify|get)/i.test(details))
    return { reason: 'tls', detail: `TLS failed: ${details}` };
  if (/ECONNREFUSED|ECONNRESET|EHOSTUNREACH|connection refused|No connection established/i.test(details))
    return { reason: 'refused', detail: `connection refused or dropped: ${details}` };
  return { reason: 'error', detail: `${grpc.status[err.code] ?? err.code}: ${details}` };
}
