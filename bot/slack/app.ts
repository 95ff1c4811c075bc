import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { type DeliveryLedger, MemoryDeliveryLedger } from '../store/slack-deliveries.js';
import { ReplayGuardedReceiver } from './replay-guard.js';
import type { SlackTransport } from './transport.js';

export interface BoltOptions {
  /** HTTP mode: where to listen (loopback unless configured otherwise). */
  http?: { host: string; port: number; path: string };
  /** Socket Mode reconnect delay; tests shorten it. */
  clientPingTimeout?: number;
  /** Web API retries: 5xx with backoff, and 429 after Retry-After. */
  retryConfig?: { retries: number; factor?: number; minTimeout?: number; maxTimeout?: number; randomize?: boolean };
  /** HTTP mode: signatures already accepted (the store's, so replicas share it); in memory by default. */
  deliveries?: DeliveryLedger;
}

export const DEFAULT_RETRY = { retries: 6, factor: 2, minTimeout: 500, maxTimeout: 30_000, randomize: true };

export interface BoltApp {
  app: App;
  /** Listening address in HTTP mode. */
  start(): Promise<{ port?: number }>;
  stop(): Promise<void>;
}

/** One Bolt app; the transport only decides the receiver. */
export function createBoltApp(
  transport: Exclude<SlackTransport, { kind: 'console' }>,
  options: BoltOptions,
  log: Logger,
): BoltApp {
  const clientOptions = {
    ...(transport.apiUrl ? { slackApiUrl: transport.apiUrl } : {}),
    retryConfig: options.retryConfig ?? DEFAULT_RETRY,
  };
  if (transport.kind === 'socket') {
    const receiver = new SocketModeReceiver({
      appToken: transport.appToken,
      logLevel: LogLevel.ERROR,
      ...(options.clientPingTimeout ? { clientPingTimeout: options.clientPingTimeout } : {}),
      installerOptions: { clientOptions: { ...clientOptions } },
    });
    const app = new App({ token: transport.botToken, receiver, clientOptions, logLevel: LogLevel.ERROR });
    app.error(async (err) => log.error({ err: err.message, code: err.code }, 'listener error'));
    return {
      app,
      async start() {
        await app.start();
        return {};
      },
      async stop() {
        const closed = new Promise<void>((resolve) => {
          receiver.client.once('disconnected', () => resolve());
          setTimeout(resolve, 1000).unref();
        });
        await app.stop();
        await closed;
      },
    };
  }
  const http = options.http ?? { host: '127.0.0.1', port: 3000, path: '/slack/events' };
  // Bolt checks the signature and its age; the guard refuses replays and future timestamps.
  const receiver = new ReplayGuardedReceiver({
    ledger: options.deliveries ?? new MemoryDeliveryLedger(),
    signingSecret: transport.signingSecret,
    endpoints: http.path,
    logLevel: LogLevel.ERROR,
  });
  const app = new App({ token: transport.botToken, receiver, clientOptions, logLevel: LogLevel.ERROR });
  app.error(async (err) => log.error({ err: err.message, code: err.code }, 'listener error'));
  return {
    app,
    async start() {
      const server = await app.start({ port: http.port, host: http.host });
      const address = server.address();
      return { port: typeof address === 'object' && address ? address.port : http.port };
    },
    async stop() {
      await app.stop();
    },
  };
}
