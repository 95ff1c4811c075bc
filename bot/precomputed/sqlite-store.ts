import type Database from 'better-sqlite3';
import type { WorkUnitId } from '../../analytics/types.js';
import { connect } from '../store/store.js';
import { CorruptPayload, checkSetPayload, decodePayload, encodePayload } from './codec.js';
import {
  ANALYTICS_CODE_VERSION,
  type LearnedSet,
  type LearnedSetMeta,
  type PrecomputedStore,
  type StoredForecast,
  type StoredLearnedSet,
} from './types.js';

/** Sets kept per fleet: enough for a few --at moments side by side, small enough to stay a few MB. */
const KEEP_PER_FLEET = 4;

interface SetRow {
  id: number;
  fingerprint: string;
  code_version: string;
  as_of_ms: number;
  input_start_ms: number;
  input_end_ms: number;
  input_step_ms: number;
  computed_at_ms: number;
  compute_ms: number;
  checksum: string;
  payload: Buffer;
}

interface ForecastRow {
  work_unit: string;
  kind: string;
  model: string;
  input_start_ms: number;
  input_end_ms: number;
  computed_at_ms: number;
  checksum: string;
  payload: Buffer;
}

/** Opens the pre-computed analytics in the SQLite store at path (migrating it like any store). */
export function openPrecomputedStore(path: string): SqlitePrecomputedStore {
  return new SqlitePrecomputedStore(connect(path), true);
}

/** Pre-computed analytics in the SQLite store (tables precomputed_sets and precomputed_forecasts). */
export class SqlitePrecomputedStore implements PrecomputedStore {
  /** Rows skipped as corrupt since opening, with the reason (tests and `analytics show` read it). */
  readonly skipped: { id: number; reason: string }[] = [];

  constructor(
    private readonly db: Database.Database,
    private readonly owned = false,
  ) {}

  latest(fingerprint: string, atMs: number, units: readonly WorkUnitId[]): StoredLearnedSet | undefined {
    const rows = this.db
      .prepare(
        `SELECT * FROM precomputed_sets WHERE fingerprint = ? AND code_version = ? AND as_of_ms <= ?
         ORDER BY as_of_ms DESC, id DESC LIMIT ${KEEP_PER_FLEET}`,
      )
      .all(fingerprint, ANALYTICS_CODE_VERSION, atMs) as SetRow[];
    for (const row of rows) {
      try {
        const payload = checkSetPayload(decodePayload(row.payload, row.checksum), units);
        const meta = metaOf(row);
        const set: LearnedSet = {
          meta,
          connectionNorms: payload.connectionNorms,
          history: {
            builtAtMs: row.as_of_ms,
            baselines: payload.baselines,
            hourlyLoad: payload.hourlyLoad,
            hourlyRegionLoad: payload.hourlyRegionLoad,
            connections: new Map(),
          },
        };
        return { set, forecasts: this.forecastsOf(row.id) };
      } catch (err) {
        if (!(err instanceof CorruptPayload)) throw err;
        // not trusted: dropped, so the caller recomputes and the next read does not trip on it again
        this.skipped.push({ id: row.id, reason: err.message });
        this.db.prepare('DELETE FROM precomputed_sets WHERE id = ?').run(row.id);
      }
    }
    return undefined;
  }

  save(set: LearnedSet, forecasts: StoredForecast[]): number {
    const { meta, history, connectionNorms } = set;
    const { bytes, checksum } = encodePayload({
      baselines: history.baselines,
      hourlyLoad: history.hourlyLoad,
      hourlyRegionLoad: history.hourlyRegionLoad,
      connectionNorms,
    });
    const write = this.db.transaction(() => {
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO precomputed_sets (fingerprint, code_version, as_of_ms, input_start_ms, input_end_ms,
             input_step_ms, computed_at_ms, compute_ms, checksum, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          meta.fingerprint,
          meta.codeVersion,
          meta.asOfMs,
          meta.inputRange.startMs,
          meta.inputRange.endMs,
          meta.inputRange.stepMs,
          meta.computedAtMs,
          meta.computeMs,
          checksum,
          bytes,
        );
      const id = Number(lastInsertRowid);
      for (const f of forecasts) this.insertForecast(id, f);
      // older code's sets of this fleet, and all but the newest few, are dropped with their forecasts
      this.db
        .prepare('DELETE FROM precomputed_sets WHERE fingerprint = ? AND code_version <> ?')
        .run(meta.fingerprint, meta.codeVersion);
      this.db
        .prepare(
          `DELETE FROM precomputed_sets WHERE fingerprint = ? AND id NOT IN (
             SELECT id FROM precomputed_sets WHERE fingerprint = ? ORDER BY as_of_ms DESC, id DESC LIMIT ${KEEP_PER_FLEET})`,
        )
        .run(meta.fingerprint, meta.fingerprint);
      return id;
    });
    return write.immediate();
  }

  saveForecast(setId: number, forecast: StoredForecast): void {
    this.insertForecast(setId, forecast);
  }

  list(): LearnedSetMeta[] {
    const rows = this.db
      .prepare(
        `SELECT id, fingerprint, code_version, as_of_ms, input_start_ms, input_end_ms, input_step_ms,
           computed_at_ms, compute_ms FROM precomputed_sets ORDER BY computed_at_ms DESC, id DESC`,
      )
      .all() as SetRow[];
    return rows.map(metaOf);
  }

  close(): void {
    if (this.owned) this.db.close();
  }

  private insertForecast(setId: number, f: StoredForecast): void {
    const { bytes, checksum } = encodePayload(f.value);
    this.db
      .prepare(
        `INSERT OR REPLACE INTO precomputed_forecasts (set_id, work_unit, kind, model, input_start_ms, input_end_ms,
           computed_at_ms, checksum, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        setId,
        f.workUnit,
        f.kind,
        f.model,
        f.inputRange.startMs,
        f.inputRange.endMs,
        f.computedAtMs,
        checksum,
        bytes,
      );
  }

  private forecastsOf(setId: number): StoredForecast[] {
    const rows = this.db.prepare('SELECT * FROM precomputed_forecasts WHERE set_id = ?').all(setId) as ForecastRow[];
    const out: StoredForecast[] = [];
    for (const r of rows) {
      try {
        out.push({
          workUnit: r.work_unit,
          kind: r.kind,
          model: r.model,
          inputRange: { startMs: r.input_start_ms, endMs: r.input_end_ms },
          computedAtMs: r.computed_at_ms,
          value: decodePayload(r.payload, r.checksum),
        });
      } catch (err) {
        if (!(err instanceof CorruptPayload)) throw err;
        this.skipped.push({ id: setId, reason: `forecast ${r.work_unit}/${r.kind}: ${err.message}` });
      }
    }
    return out;
  }
}

function metaOf(row: SetRow): LearnedSetMeta {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    codeVersion: row.code_version,
    asOfMs: row.as_of_ms,
    inputRange: { startMs: row.input_start_ms, endMs: row.input_end_ms, stepMs: row.input_step_ms },
    computedAtMs: row.computed_at_ms,
    computeMs: row.compute_ms,
  };
}
