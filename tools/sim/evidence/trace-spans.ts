// The sampled traces of one simulated unit in one minute. Each trace is a pure function of
// (seed, unit, minute, slot), and its id encodes those coordinates, so get(traceId) rebuilds it.
// Durations follow the unit's p95 latency; near saturation the time goes to the db-proxy's pool
// wait; errors sit in the span of the service the fault hits.
import type { WorkUnit } from '../../../analytics/types.js';
import type { SpanSummary, Trace } from '../../sources/evidence.js';
import { hashString, uniform } from '../hash.js';
import type { ErrorFamily, UnitConditions } from './conditions.js';
import { errorFamilies, pickFamily } from './conditions.js';
import type { DeploySchedule } from './deploy-schedule.js';
import { MINUTE_MS } from './services.js';

const SAMPLED_PER_MINUTE = 3;
/** Error traces kept per minute (tail sampling keeps errors): error rate × this, at most MAX. */
const ERROR_TRACES_AT_FULL_RATE = 60;
const MAX_ERROR_TRACES_PER_MINUTE = 8;
const CHECKOUT_ROUTE = 'POST /api/v1/checkout';
const ROUTES = ['GET /api/v1/items', 'POST /api/v1/cart', CHECKOUT_ROUTE, 'GET /api/v1/search'];

export interface SimTrace extends Trace {
  workUnit: string;
  startMs: number;
  durationMs: number;
  error: boolean;
}

export function traceSlotsOfMinute(seed: number, unit: WorkUnit, minuteMs: number, c: UnitConditions): number {
  const minute = Math.floor(minuteMs / MINUTE_MS);
  const errors = Math.min(MAX_ERROR_TRACES_PER_MINUTE, c.errorRate * ERROR_TRACES_AT_FULL_RATE);
  return SAMPLED_PER_MINUTE + Math.floor(errors + uniform(seed, hashString(unit.id), minute, 0x7e));
}

export function encodeTraceId(seed: number, unitIndex: number, unit: WorkUnit, minute: number, slot: number): string {
  const h = hashString(unit.id);
  const check = [0xc1, 0xc2]
    .map((salt) => hex(uniform(seed, h, minute, slot, salt), 8))
    .join('')
    .concat(hex(uniform(seed, h, minute, slot, 0xc3), 3));
  return (
    unitIndex.toString(16).padStart(2, '0') +
    minute.toString(16).padStart(9, '0') +
    slot.toString(16).padStart(2, '0') +
    check
  );
}

/** The coordinates a trace id encodes; undefined when it is not one of this fleet's ids. */
export function decodeTraceId(
  id: string,
  seed: number,
  units: readonly WorkUnit[],
): { unitIndex: number; minute: number; slot: number } | undefined {
  if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
  const unitIndex = Number.parseInt(id.slice(0, 2), 16);
  const minute = Number.parseInt(id.slice(2, 11), 16);
  const slot = Number.parseInt(id.slice(11, 13), 16);
  const unit = units[unitIndex];
  if (!unit || encodeTraceId(seed, unitIndex, unit, minute, slot) !== id) return undefined;
  return { unitIndex, minute, slot };
}

export function buildTrace(
  seed: number,
  unitIndex: number,
  unit: WorkUnit,
  minute: number,
  slot: number,
  c: UnitConditions,
  deploys: DeploySchedule,
): SimTrace {
  const traceId = encodeTraceId(seed, unitIndex, unit, minute, slot);
  const h = hashString(unit.id);
  const draw = (salt: number) => uniform(seed, h, minute, slot, salt);
  const startMs = minute * MINUTE_MS + Math.floor(draw(1) * MINUTE_MS);
  const family =
    slot >= SAMPLED_PER_MINUTE ? errorFamily(c, draw(3)) : draw(3) < c.errorRate ? errorFamily(c, draw(4)) : undefined;
  // A bad release breaks checkout: its error traces are checkout requests.
  const route = family === 'bad-deploy' ? CHECKOUT_ROUTE : ROUTES[Math.floor(draw(2) * ROUTES.length)]!;
  const slow = c.pressure > 0.9 || family === 'timeout' || family === 'saturation';
  // Root duration around the unit's p95: most below it, a few above.
  let durationMs = c.latencyP95Ms * (0.25 + 0.9 * draw(5) ** 3);
  if (family === 'timeout' || family === 'saturation') durationMs = Math.max(durationMs, 5_000 + 25_000 * draw(6));
  durationMs = Math.round(durationMs * 10) / 10;

  const spans: SpanSummary[] = [];
  const version = (service: string) => deploys.versionAt(unit.id, service, startMs);
  const span = (
    i: number,
    service: string,
    name: string,
    from: number,
    share: number,
    error: boolean,
    attributes: Record<string, string> = {},
  ) => {
    spans.push({
      spanId: hex(uniform(seed, h, minute, slot, 0x500 + i), 8) + hex(uniform(seed, h, minute, slot, 0x600 + i), 8),
      service,
      name,
      startMs: Math.round((startMs + from * durationMs) * 10) / 10,
      durationMs: Math.round(share * durationMs * 10) / 10,
      error,
      attributes: {
        'service.version': version(service),
        'k8s.pod.name': `${service}-${(h % 46_656).toString(36)}`,
        ...attributes,
      },
    });
  };
  const status =
    family === undefined
      ? '200'
      : family === 'bad-deploy'
        ? '500'
        : family === 'unavailable'
          ? '503'
          : family === 'base'
            ? '502'
            : '504';
  span(0, 'edge-gateway', route, 0, 1, family !== undefined, {
    'http.route': route.split(' ')[1]!,
    'http.status_code': status,
    work_unit: unit.id,
  });
  span(1, 'api', `handle ${route.split(' ')[1]}`, 0.03, 0.94, family !== undefined && family !== 'base');
  const dbShare = slow ? 0.85 : 0.35;
  if (route.includes('checkout')) {
    span(
      2,
      'checkout',
      'CheckoutHandler.total',
      0.06,
      0.3,
      family === 'bad-deploy' || family === 'unavailable',
      family === 'bad-deploy' ? { 'exception.type': 'TypeError' } : {},
    );
  }
  span(3, 'db-proxy', 'SELECT orders', 0.08, dbShare, family === 'reset' || family === 'saturation', {
    'db.system': 'postgresql',
    ...(slow ? { 'db.pool.wait_ms': String(Math.round(durationMs * 0.7)) } : {}),
    ...(family === 'reset' ? { 'error.type': 'ECONNRESET' } : {}),
  });
  return { traceId, spans, workUnit: unit.id, startMs, durationMs, error: family !== undefined };
}

function errorFamily(c: UnitConditions, r: number): ErrorFamily {
  return pickFamily(
    errorFamilies(c).filter(([, w]) => w > 0),
    r,
  );
}

function hex(u: number, digits: number): string {
  return Math.floor(u * 16 ** digits)
    .toString(16)
    .padStart(digits, '0');
}
