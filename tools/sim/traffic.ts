// Client traffic: each client region's requests/s as a pure function of (seed, region, time).
//
// load = baseGlobalRps × trafficShare × diurnal(local hour) × weekly(local week hour)
//        × growth(t) × (1 + noise) × promotion(region, local day)
//
// - diurnal: trough at 04:00 local (35 % of peak), peak at 21:30 local; half-cosine ramps, so the
//   curve is smooth, rises slowly through the day and falls quickly after the evening peak.
// - weekly: Saturday and Sunday carry +10 % (ramped in over Saturday's small hours and out over
//   Sunday's last hours, so no step change would look like a thundering herd).
// - growth: compound, `growthPerMonth` (default 2 %), equal to 1 at `growthAnchorMs`.
// - noise: ±3 % smooth drift (hourly knots) plus ±1 % per-sample jitter.
// - promotions: some client regions run a monthly promotion day that pushes the units serving them
//   to ~90 % of their binding limit while healthy, so some capacity baselines are observed and
//   others must be extrapolated. The multipliers are set by the fleet (they depend on unit profiles).
import type { FleetModel } from '../../analytics/types.js';
import { DAY_MS, HOUR_MS, type TimezoneClock } from './clock.js';
import { hashString, signedUniform, smoothNoise } from './hash.js';

export const TROUGH_HOUR = 4;
export const PEAK_HOUR = 21.5;
export const TROUGH_FRACTION = 0.35;
export const WEEKEND_BOOST = 0.1;
export const PROMOTION_PERIOD_DAYS = 30;

export interface TrafficOptions {
  /** Global requests/s if every client region peaked at once (the summed peak is lower: timezones differ). */
  baseGlobalRps?: number;
  growthPerMonth?: number;
  /** The instant where growth = 1 (default 2026-03-01T00:00Z). */
  growthAnchorMs?: number;
  /** Relative amplitude of the smooth noise (default 0.03) and of the per-sample jitter (default 0.01). */
  driftNoise?: number;
  jitterNoise?: number;
}

export const DEFAULT_GROWTH_ANCHOR_MS = Date.UTC(2026, 2, 1);
const MONTH_MS = 30.44 * DAY_MS;

/** Diurnal factor in [TROUGH_FRACTION, 1] of the local hour. */
export function diurnalFactor(localHour: number): number {
  const rise = PEAK_HOUR - TROUGH_HOUR;
  const sinceTrough = (localHour - TROUGH_HOUR + 24) % 24;
  const shape =
    sinceTrough <= rise
      ? 0.5 - 0.5 * Math.cos((Math.PI * sinceTrough) / rise)
      : 0.5 + 0.5 * Math.cos((Math.PI * (sinceTrough - rise)) / (24 - rise));
  return TROUGH_FRACTION + (1 - TROUGH_FRACTION) * shape;
}

function smoothstep(x: number): number {
  const c = x < 0 ? 0 : x > 1 ? 1 : x;
  return c * c * (3 - 2 * c);
}

/** Weekly factor: 1 on weekdays, 1 + WEEKEND_BOOST over the weekend, ramped at the edges. */
export function weeklyFactor(weekday: number, localHour: number): number {
  const hourOfWeekFromMonday = ((weekday + 6) % 7) * 24 + localHour;
  const weight = smoothstep((hourOfWeekFromMonday - 120) / 6) * (1 - smoothstep((hourOfWeekFromMonday - 164) / 4));
  return 1 + WEEKEND_BOOST * weight;
}

/** Promotion shape over the local day: ramps in 06:00–12:00, full until 23:00, out by midnight. */
function promotionShape(localHour: number): number {
  if (localHour >= 23) return 24 - localHour;
  return smoothstep((localHour - 6) / 6);
}

export class TrafficModel {
  readonly baseGlobalRps: number;
  private readonly growthPerMonthLog: number;
  private readonly growthAnchorMs: number;
  private readonly driftNoise: number;
  private readonly jitterNoise: number;
  private readonly regionHashes: number[];
  private readonly promotionPhase: number[];

  constructor(
    private readonly fleet: FleetModel,
    private readonly seed: number,
    private readonly clock: TimezoneClock,
    options: TrafficOptions = {},
    /** Multiplier of a promotion day per client region index (absent = never promoted). */
    private readonly promotions: ReadonlyMap<number, number> = new Map(),
  ) {
    this.baseGlobalRps = options.baseGlobalRps ?? 90_000;
    this.growthPerMonthLog = Math.log(1 + (options.growthPerMonth ?? 0.02));
    this.growthAnchorMs = options.growthAnchorMs ?? DEFAULT_GROWTH_ANCHOR_MS;
    this.driftNoise = options.driftNoise ?? 0.03;
    this.jitterNoise = options.jitterNoise ?? 0.01;
    this.regionHashes = fleet.clientRegions.map((r) => hashString(r.id));
    this.promotionPhase = this.regionHashes.map((h) => h % PROMOTION_PERIOD_DAYS);
  }

  withPromotions(promotions: ReadonlyMap<number, number>, options: TrafficOptions): TrafficModel {
    return new TrafficModel(this.fleet, this.seed, this.clock, options, promotions);
  }

  growth(ms: number): number {
    return Math.exp((this.growthPerMonthLog * (ms - this.growthAnchorMs)) / MONTH_MS);
  }

  /** Noise-free weekday load of a client region at the growth anchor (used to size unit profiles). */
  typicalLoad(regionIndex: number, localHour: number): number {
    const region = this.fleet.clientRegions[regionIndex]!;
    return this.baseGlobalRps * region.trafficShare * diurnalFactor(localHour);
  }

  /** True when `ms` falls on a promotion day of that client region (local calendar). */
  isPromotionDay(regionIndex: number, ms: number): boolean {
    if (!this.promotions.has(regionIndex)) return false;
    const region = this.fleet.clientRegions[regionIndex]!;
    const { dayIndex } = this.clock.local(region.timezone, ms);
    return (dayIndex + this.promotionPhase[regionIndex]!) % PROMOTION_PERIOD_DAYS === 0;
  }

  /** Requests/s of a client region at `ms` (before routing and faults). */
  regionLoad(regionIndex: number, ms: number, step: number): number {
    const region = this.fleet.clientRegions[regionIndex]!;
    const local = this.clock.local(region.timezone, ms);
    const weekly = weeklyFactor(local.weekday, local.hour);
    const h = this.regionHashes[regionIndex]!;
    const noise =
      1 +
      this.driftNoise * smoothNoise(ms, HOUR_MS, this.seed, h, 1) +
      this.jitterNoise * signedUniform(this.seed, h, 2, step);
    let promotion = 1;
    const multiplier = this.promotions.get(regionIndex);
    if (
      multiplier !== undefined &&
      (local.dayIndex + this.promotionPhase[regionIndex]!) % PROMOTION_PERIOD_DAYS === 0
    ) {
      // Aim at the same peak on weekends: the weekend boost already lifts the day.
      const target = Math.max(1, multiplier / weekly);
      promotion = 1 + (target - 1) * promotionShape(local.hour);
    }
    return (
      this.baseGlobalRps *
      region.trafficShare *
      diurnalFactor(local.hour) *
      weekly *
      this.growth(ms) *
      noise *
      promotion
    );
  }
}
