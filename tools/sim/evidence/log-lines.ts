// The log lines one simulated unit writes in one minute: access-log noise, periodic jobs, deploys,
// and error lines whose count follows the unit's error rate and whose wording follows the faults
// behind it (connection resets, 5xx, timeouts, pool exhaustion, a bad release's exception).
import type { WorkUnit } from '../../../analytics/types.js';
import type { LogLevel, LogLine } from '../../sources/evidence.js';
import { hashString, uniform } from '../hash.js';
import type { ErrorFamily, UnitConditions } from './conditions.js';
import { errorFamilies, pickFamily } from './conditions.js';
import type { DeploySchedule } from './deploy-schedule.js';
import { MINUTE_MS } from './services.js';

/** Error lines per minute at a 100 % error rate (logs are sampled); capped per minute. */
const ERROR_LINES_AT_FULL_RATE = 300;
const MAX_ERROR_LINES_PER_MINUTE = 60;
const ROUTES = ['/api/v1/items', '/api/v1/cart', '/api/v1/checkout', '/api/v1/session', '/api/v1/search'];

type Draw = (salt: number) => number;

interface Template {
  service: string;
  level: LogLevel;
  text: (draw: Draw, ctx: LineContext) => string;
}

interface LineContext {
  unit: WorkUnit;
  version: (service: string) => string;
  conditions: UnitConditions;
}

/** Hex digits from 8-digit draws (one draw has 53 bits, not enough for 16 digits). */
const hex = (draw: Draw, salt: number, digits: number) => {
  let out = '';
  for (let i = 0; out.length < digits; i++) {
    out += Math.floor(draw(salt * 31 + i) * 16 ** 8)
      .toString(16)
      .padStart(8, '0');
  }
  return out.slice(0, digits);
};
const int = (draw: Draw, salt: number, lo: number, hi: number) => lo + Math.floor(draw(salt) * (hi - lo + 1));
const pick = <T>(draw: Draw, salt: number, list: readonly T[]) => list[Math.floor(draw(salt) * list.length)]!;
const ip = (draw: Draw, salt: number) =>
  `10.${int(draw, salt, 0, 255)}.${int(draw, salt + 1, 0, 255)}.${int(draw, salt + 2, 1, 254)}`;

const ERROR_TEMPLATES: Record<ErrorFamily, Template[]> = {
  base: [
    {
      service: 'edge-gateway',
      level: 'error',
      text: (d) => `upstream returned HTTP 502 for GET ${pick(d, 1, ROUTES)} (request id ${hex(d, 2, 16)})`,
    },
    {
      service: 'api',
      level: 'warn',
      text: (d) => `client closed request before response (499) after ${int(d, 1, 200, 9000)}ms`,
    },
  ],
  reset: [
    {
      service: 'db-proxy',
      level: 'error',
      text: (d) => `read ECONNRESET: connection reset by peer (remote ${ip(d, 1)}:5432)`,
    },
    {
      service: 'edge-gateway',
      level: 'error',
      text: () => 'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
    },
  ],
  unavailable: [
    {
      service: 'checkout',
      level: 'error',
      text: (d) => `HTTP 503 Service Unavailable from payments: upstream overloaded (request id ${hex(d, 1, 16)})`,
    },
    {
      service: 'edge-gateway',
      level: 'error',
      text: (d) => `upstream returned HTTP 503 for POST ${pick(d, 1, ROUTES)} (request id ${hex(d, 2, 16)})`,
    },
  ],
  timeout: [
    {
      service: 'api',
      level: 'error',
      text: (d) => `request timed out after ${int(d, 1, 5, 30) * 1000}ms: GET ${pick(d, 2, ROUTES)}`,
    },
    { service: 'db-proxy', level: 'warn', text: (d) => `slow query took ${int(d, 1, 1200, 9000)}ms: SELECT orders` },
  ],
  saturation: [
    {
      service: 'db-proxy',
      level: 'error',
      text: (d) =>
        `connection pool exhausted: waited 5000ms for a connection (pool size 200, in use 200, queued ${int(d, 1, 5, 400)})`,
    },
    {
      service: 'api',
      level: 'error',
      text: (d) => `request timed out after 30000ms: POST ${pick(d, 1, ROUTES)}`,
    },
    {
      service: 'api',
      level: 'warn',
      text: (d) => `worker queue above high-water mark: ${int(d, 1, 500, 5000)} pending`,
    },
  ],
  'bad-deploy': [
    {
      service: 'checkout',
      level: 'error',
      text: (d, ctx) =>
        `TypeError: Cannot read properties of undefined (reading 'currency') at CheckoutHandler.total (checkout@${ctx.version('checkout')}) request id ${hex(d, 1, 16)}`,
    },
    {
      service: 'api',
      level: 'error',
      text: (d) => `upstream checkout returned HTTP 500 for POST /api/v1/checkout (request id ${hex(d, 1, 16)})`,
    },
  ],
};

const NOISE: Template[] = [
  {
    service: 'edge-gateway',
    level: 'info',
    text: (d) => `GET ${pick(d, 1, ROUTES)} 200 ${int(d, 2, 3, 180)}ms`,
  },
  {
    service: 'api',
    level: 'info',
    text: (d) => `served ${int(d, 1, 1, 40)} items from cache (hit ratio 0.${int(d, 2, 80, 99)})`,
  },
  { service: 'checkout', level: 'info', text: (d) => `order ${hex(d, 1, 10)} confirmed in ${int(d, 2, 40, 400)}ms` },
  {
    service: 'db-proxy',
    level: 'debug',
    text: (d) => `pool stats: size 200, in use ${int(d, 1, 20, 150)}, idle ${int(d, 2, 10, 80)}`,
  },
];

/** Lines of `unit` in the minute starting at `minuteMs`, unsorted. */
export function linesOfMinute(
  seed: number,
  unit: WorkUnit,
  minuteMs: number,
  conditions: UnitConditions,
  deploys: DeploySchedule,
): LogLine[] {
  const unitHash = hashString(unit.id);
  const minute = Math.floor(minuteMs / MINUTE_MS);
  const lines: LogLine[] = [];
  const ctx: LineContext = {
    unit,
    conditions,
    version: (service) => deploys.versionAt(unit.id, service, minuteMs),
  };
  let slot = 0;
  const emit = (template: Template, atMs?: number) => {
    const s = slot++;
    const draw: Draw = (salt) => uniform(seed, unitHash, minute, s, salt);
    const timeMs = atMs ?? minuteMs + Math.floor(draw(0x71) * MINUTE_MS);
    lines.push(line(unit, template.service, template.level, template.text(draw, ctx), timeMs, draw));
  };

  // Access-log and housekeeping noise: a few lines a minute whatever the load.
  const noise = 2 + Math.floor(uniform(seed, unitHash, minute, 0xa0) * 3);
  for (let i = 0; i < noise; i++) emit(NOISE[Math.floor(uniform(seed, unitHash, minute, 0xa1, i) * NOISE.length)]!);
  periodicJobs(unit, minuteMs, emit);
  for (const event of deploys.events(unit.id, minuteMs, minuteMs + MINUTE_MS - 1)) {
    emit(
      {
        service: event.service,
        level: 'info',
        text: () =>
          event.status === 'rolled-back'
            ? `deploy: ${event.service} rolled back to ${event.version}`
            : `deploy: ${event.service} ${event.version} rolled out (replicas 12/12)`,
      },
      event.timeMs,
    );
  }

  // Error lines: count from the error rate, wording from the families behind it.
  const expected = Math.min(MAX_ERROR_LINES_PER_MINUTE, conditions.errorRate * ERROR_LINES_AT_FULL_RATE);
  const count = Math.floor(expected + uniform(seed, unitHash, minute, 0xe0));
  const families = errorFamilies(conditions);
  const total = families.reduce((s, [, w]) => s + w, 0);
  for (let i = 0; i < count && total > 0; i++) {
    const family = pickFamily(families, uniform(seed, unitHash, minute, 0xe1, i));
    const templates = ERROR_TEMPLATES[family];
    emit(templates[Math.floor(uniform(seed, unitHash, minute, 0xe2, i) * templates.length)]!);
  }
  return lines;
}

function periodicJobs(unit: WorkUnit, minuteMs: number, emit: (t: Template, atMs?: number) => void): void {
  const minuteOfHour = new Date(minuteMs).getUTCMinutes();
  if (minuteOfHour === 0) {
    emit({
      service: 'batch',
      level: 'info',
      text: (d) => `cron: rotate-sessions finished in ${int(d, 1, 2, 40)}s, rows=${int(d, 2, 100, 90000)}`,
    });
  }
  if (minuteOfHour % 15 === 7) {
    emit({ service: 'api', level: 'info', text: (d) => `cache: compaction done, evicted ${int(d, 1, 10, 5000)} keys` });
  }
  if (minuteOfHour === 30 && unit.state !== 'cold-standby') {
    emit({
      service: 'batch',
      level: 'warn',
      text: (d) => `report-export: retrying upload (attempt ${int(d, 1, 2, 3)} of 3)`,
    });
  }
}

function line(unit: WorkUnit, service: string, level: LogLevel, message: string, timeMs: number, draw: Draw): LogLine {
  return {
    timeMs,
    workUnit: unit.id,
    service,
    level,
    message,
    labels: { service, pod: podName(unit, service, Math.floor(draw(0x90) * 3)), cloud_region: unit.cloudRegion },
  };
}

/** Three replicas per service, with names stable per unit and service. */
function podName(unit: WorkUnit, service: string, replica: number): string {
  const suffix = hashString(`${unit.id}/${service}/${replica}`).toString(36).padStart(7, '0').slice(0, 5);
  return `${service}-${suffix}`;
}
