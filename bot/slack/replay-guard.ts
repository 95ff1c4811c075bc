import { type App, HTTPModuleFunctions, HTTPReceiver, type HTTPReceiverOptions, type ReceiverEvent } from '@slack/bolt';
import type { DeliveryLedger } from '../store/slack-deliveries.js';

/** Bolt refuses signatures older than this; we refuse ones this far in the future too. */
export const SIGNATURE_WINDOW_S = 300;
const DELIVERY = 'headroomDelivery';

export type DeliveryVerdict =
  | { kind: 'run' }
  /** Slack's own retry of an event already accepted: ack it, do not run it again. */
  | { kind: 'ack_only'; reason: string }
  | { kind: 'refuse'; reason: string };

export interface Delivery {
  signature: string;
  timestampS: number;
  retryNum: number | undefined;
  /** Events API only: the same for every retry of one event. */
  eventId: string | undefined;
}

/**
 * Decides about a delivery whose signature Bolt has verified (so the timestamp is at most 300 s
 * old). Each signature runs once; an event runs once however often Slack retries it.
 */
export function judgeDelivery(d: Delivery, ledger: DeliveryLedger, nowMs: number): DeliveryVerdict {
  const nowS = nowMs / 1000;
  if (!Number.isFinite(d.timestampS) || d.timestampS > nowS + SIGNATURE_WINDOW_S) {
    return { kind: 'refuse', reason: 'request timestamp is more than 5 minutes in the future' };
  }
  // A signature verifies until its timestamp leaves the window: remember it that long.
  const expiresAtMs = (d.timestampS + SIGNATURE_WINDOW_S + 1) * 1000;
  const eventKey = d.eventId ? `event:${d.eventId}` : undefined;
  if (d.retryNum !== undefined && eventKey && ledger.seen(eventKey, nowMs)) {
    ledger.claim(`sig:${d.signature}`, expiresAtMs, nowMs);
    return { kind: 'ack_only', reason: `retry ${d.retryNum} of event ${d.eventId}, already run` };
  }
  if (!ledger.claim(`sig:${d.signature}`, expiresAtMs, nowMs)) {
    return { kind: 'refuse', reason: 'this signed request was already delivered (replay)' };
  }
  // Slack retries an event for up to about an hour: remember its id longer than the signature.
  if (eventKey && !ledger.claim(eventKey, nowMs + 2 * 3_600_000, nowMs)) {
    return { kind: 'ack_only', reason: `event ${d.eventId} already run` };
  }
  return { kind: 'run' };
}

class ReplayRefused extends Error {}

/**
 * Bolt's HTTPReceiver with a replay guard between its signature check and the app: a verified
 * request is judged by judgeDelivery; a replay or a future timestamp gets 401, a known retry a bare 200.
 */
export class ReplayGuardedReceiver extends HTTPReceiver {
  constructor(options: HTTPReceiverOptions & { ledger: DeliveryLedger; now?: () => number }) {
    const { ledger, now = Date.now, ...rest } = options;
    super({
      ...rest,
      customPropertiesExtractor: (req) => ({ [DELIVERY]: readDelivery(req.headers) }),
      processEventErrorHandler: async (args) => {
        if (!(args.error instanceof ReplayRefused)) {
          return (options.processEventErrorHandler ?? HTTPModuleFunctions.defaultProcessEventErrorHandler)(args);
        }
        if (!args.response.headersSent) {
          args.response.writeHead(401, { 'content-type': 'text/plain' });
          args.response.end(args.error.message);
        }
        return false;
      },
    });
    this.judge = (event) => {
      const delivery = event.customProperties?.[DELIVERY] as Omit<Delivery, 'eventId'> | undefined;
      if (!delivery) throw new ReplayRefused('delivery headers missing');
      const eventId = (event.body as { event_id?: unknown }).event_id;
      return judgeDelivery({ ...delivery, eventId: typeof eventId === 'string' ? eventId : undefined }, ledger, now());
    };
  }

  private readonly judge: (event: ReceiverEvent) => DeliveryVerdict;

  override init(app: App): void {
    const guarded = Object.create(app) as App;
    guarded.processEvent = async (event: ReceiverEvent) => {
      const verdict = this.judge(event);
      if (verdict.kind === 'refuse') throw new ReplayRefused(verdict.reason);
      if (verdict.kind === 'ack_only') return event.ack();
      const { [DELIVERY]: _, ...customProperties } = event.customProperties ?? {};
      return app.processEvent({ ...event, customProperties });
    };
    super.init(guarded);
  }
}

function readDelivery(headers: Record<string, string | string[] | undefined>): Omit<Delivery, 'eventId'> {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const retry = one('x-slack-retry-num');
  return {
    signature: one('x-slack-signature') ?? '',
    timestampS: Number(one('x-slack-request-timestamp')),
    retryNum: retry === undefined ? undefined : Number.parseInt(retry, 10),
  };
}
