import type { WorkUnitId } from '../../analytics/types.js';
import type { ConnectionNorm } from '../core/connection-detector.js';
import type { FleetHistory } from '../core/fleet-history.js';

/** Bump when what a learned set holds, or how it is computed, changes: older sets are then recomputed. */
export const ANALYTICS_CODE_VERSION = 'headroom-0.1.0/analytics-1';

/** How often each part is recomputed (fleet time): baselines, affinity and forecasts daily; headroom every poll. */
export const CADENCE_MS = { learnedSet: 86_400_000, forecasts: 86_400_000 } as const;

export type { ConnectionNorm as StoredConnectionNorm } from '../core/connection-detector.js';

/** Where a learned set came from and what it rests on. */
export interface LearnedSetMeta {
  /** Row id in the store; absent for a set that was never stored. */
  id?: number;
  /** Hash of the fleet file, the telemetry it was read from and the history options (see fingerprint.ts). */
  fingerprint: string;
  codeVersion: string;
  /** The fleet moment its history ends at; the set serves [asOfMs, asOfMs + cadence). */
  asOfMs: number;
  inputRange: { startMs: number; endMs: number; stepMs: number };
  /** Wall-clock time it was computed. */
  computedAtMs: number;
  /** How long computing it took (ms). */
  computeMs: number;
}

/** What the core learns from history once a day: the derived datasets every answer reads. */
export interface LearnedSet {
  meta: LearnedSetMeta;
  history: FleetHistory;
  /** Hour-of-week connection norms per unit (the connection-drop detector's baseline), without timezones. */
  connectionNorms: Map<WorkUnitId, ConnectionNorm>;
}

/** A forecast stored with its learned set: which unit, what kind, from which model and input. */
export interface StoredForecast<T = unknown> {
  workUnit: WorkUnitId;
  /** "hourly-8d" (the planner's window) or "capacity-30d" / "-60d" / "-90d" (daily peaks). */
  kind: string;
  model: string;
  inputRange: { startMs: number; endMs: number };
  computedAtMs: number;
  value: T;
}

/** A learned set read from the store, with the forecasts saved beside it. */
export interface StoredLearnedSet {
  set: LearnedSet;
  forecasts: StoredForecast[];
}

/** The store of pre-computed analytics, behind an interface so another database can serve it. */
export interface PrecomputedStore {
  /**
   * Stored sets for this fleet, newest as-of first, whose as-of time is at or before atMs, already
   * checked (version, checksum, shape); corrupt or foreign rows are skipped, never returned.
   */
  latest(fingerprint: string, atMs: number, fleetUnits: readonly WorkUnitId[]): StoredLearnedSet | undefined;
  /** Saves a complete set and its forecasts in one transaction; returns its id. Keeps the newest few per fleet. */
  save(set: LearnedSet, forecasts: StoredForecast[]): number;
  /** Adds (or replaces) one forecast of a stored set. */
  saveForecast(setId: number, forecast: StoredForecast): void;
  /** Every stored set, newest first (for `headroom analytics show`). */
  list(): LearnedSetMeta[];
  close(): void;
}
