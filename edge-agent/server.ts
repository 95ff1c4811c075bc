import * as grpc from '@grpc/grpc-js';
import { HeadroomError } from '../analytics/errors.js';
import type { LocalChecker, LocalLog } from './checker.js';
import type { AgentConfig } from './config.js';
import { summarize } from './summarize.js';
import {
  allowedIdentity,
  type ContextItem,
  type ContextRequest,
  certificateProvider,
  edgeAgentService,
  ReloadingTlsFiles,
  type SummarizeRequest,
  type TlsPaths,
} from './wire/index.js';

export interface EdgeAgentServerOptions {
  /** HOST:PORT; port 0 picks a free one. */
  listen: string;
  tls: TlsPaths;
  /** Client identities (DNS or URI SANs) allowed to call. */
  allowIdentities: readonly string[];
  checker: LocalChecker;
  config: AgentConfig;
  log: LocalLog;
  /** How often the certificate files are checked for rotation. */
  certReloadIntervalMs?: number;
}

export interface RunningEdgeAgent {
  port: number;
  address: string;
  tlsFiles: ReloadingTlsFiles;
  /** Stops accepting calls; in-flight calls are cut after `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Serves headroom.edge.v1.EdgeAgent over mutual TLS. TLS refuses clients without a certificate from
 * the CA; the interceptor then refuses any client whose SAN identity is not on the allow-list.
 */
export async function startEdgeAgentServer(options: EdgeAgentServerOptions): Promise<RunningEdgeAgent> {
  const allow = new Set(options.allowIdentities);
  if (allow.size === 0) throw new HeadroomError('USAGE', 'at least one --allow-identity is required');
  const tlsFiles = new ReloadingTlsFiles(options.tls, (message) => options.log.error({ tls: options.tls }, message));
  tlsFiles.watch(options.certReloadIntervalMs ?? 2_000);
  tlsFiles.onChange(() => options.log.info({ tls: options.tls }, 'certificates reloaded'));
  const provider = certificateProvider(tlsFiles);
  const credentials = grpc.experimental.createCertificateProviderServerCredentials(provider, provider, true);

  const server = new grpc.Server({ interceptors: [identityInterceptor(allow, options.log)] });
  const { checker, config } = options;
  server.addService(edgeAgentService(), {
    Check(_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) {
      checker.noteCentralCall();
      callback(null, checker.report());
    },
    Context(call: grpc.ServerWritableStream<ContextRequest, unknown>) {
      checker.noteCentralCall();
      checker
        .context(call.request)
        .then((items) => {
          for (const item of items) call.write(toWire(item));
          call.end();
        })
        .catch((err: unknown) => call.emit('error', internal(err)));
    },
    Summarize(call: grpc.ServerUnaryCall<SummarizeRequest, unknown>, callback: grpc.sendUnaryData<unknown>) {
      checker.noteCentralCall();
      summarize(checker.report(), call.request.question, call.request.maxTokens, config.model)
        .then((s) => callback(null, s))
        .catch((err: unknown) => callback(internal(err)));
    },
  });

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(options.listen, credentials, (err, p) =>
      err ? reject(bindError(options.listen, err)) : resolve(p),
    ),
  );
  return {
    port,
    address: `${options.listen.replace(/:\d+$/, '')}:${port}`,
    tlsFiles,
    close: (graceMs = 500) =>
      new Promise<void>((resolve) => {
        tlsFiles.close();
        // tryShutdown waits for every connection, including idle TLS sockets that never became
        // HTTP/2 sessions; after the grace period the server is forced down and we stop waiting.
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

/** Checks the caller's certificate identity before any handler runs. */
function identityInterceptor(allow: ReadonlySet<string>, log: LocalLog): grpc.ServerInterceptor {
  return (methodDescriptor, call) => {
    const listener = new grpc.ServerListenerBuilder()
      .withOnReceiveMetadata((metadata, next) => {
        const auth = call.getAuthContext();
        const peer = auth?.sslPeerCertificate;
        if (!peer || !peer.subjectaltname) {
          call.sendStatus({
            code: grpc.status.UNAUTHENTICATED,
            details: 'a client certificate with a SAN identity is required',
          });
          return;
        }
        if (!allowedIdentity(peer, allow)) {
          log.warn(
            { peer: call.getPeer(), san: peer.subjectaltname, method: methodDescriptor.path },
            'refused a caller not on the allow-list',
          );
          call.sendStatus({ code: grpc.status.PERMISSION_DENIED, details: 'client identity is not allowed' });
          return;
        }
        next(metadata);
      })
      .build();
    const responder = new grpc.ResponderBuilder().withStart((next) => next(listener)).build();
    return new grpc.ServerInterceptingCall(call, responder);
  };
}

function toWire(item: ContextItem): Record<string, unknown> {
  if (item.item === 'logPattern') return { logPattern: item.logPattern };
  if (item.item === 'deploy') return { deploy: item.deploy };
  return { anomaly: item.anomaly };
}

function internal(err: unknown): Partial<grpc.StatusObject> {
  return { code: grpc.status.INTERNAL, details: err instanceof Error ? err.message : String(err) };
}

function bindError(listen: string, err: Error): HeadroomError {
  return new HeadroomError('RUNTIME', `cannot listen on ${listen}: ${err.message}`, { listen });
}
