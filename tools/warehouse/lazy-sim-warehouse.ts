// The demo's warehouse: real DuckDB over the simulated fleet's two-year export, written on the
// first question (a few seconds) into a cache folder named by fleet, seed and span, then reused.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashString } from '../sim/hash.js';
import type { SimulatedFleet } from '../sim/simulated-fleet.js';
import type { EvidenceResult } from '../sources/evidence.js';
import { DuckDbWarehouse } from './duckdb-warehouse.js';
import { exportSimulatedHistory } from './sim-export.js';
import type { QueryLimits, SqlWarehouse, WarehouseRows } from './warehouse.js';

export class SimulatedWarehouse implements SqlWarehouse {
  readonly kind = 'simulated (duckdb)';
  private opened: Promise<DuckDbWarehouse> | undefined;

  constructor(
    private readonly sim: SimulatedFleet,
    private readonly options: { endMs: number; days: number; cacheDir?: string; limits?: Partial<QueryLimits> },
  ) {}

  async query(
    sql: string,
    params: Record<string, string | number>,
    limits?: Partial<QueryLimits>,
  ): Promise<EvidenceResult<WarehouseRows>> {
    try {
      const warehouse = await this.open();
      return warehouse.query(sql, params, limits);
    } catch (err) {
      this.opened = undefined;
      return {
        status: 'unknown',
        reason: `simulated warehouse could not be written: ${(err as Error).message}`,
        tried: 'simulated fleet export',
      };
    }
  }

  close(): void {
    void this.opened?.then((w) => w.close()).catch(() => undefined);
  }

  private open(): Promise<DuckDbWarehouse> {
    if (!this.opened) {
      const day = Math.floor(this.options.endMs / 86_400_000);
      const key = hashString(
        `${JSON.stringify(this.sim.fleet)}|${this.sim.seed}|${JSON.stringify(this.sim.faults)}|${day}|${this.options.days}`,
      ).toString(36);
      const dir = join(this.options.cacheDir ?? tmpdir(), `headroom-warehouse-${key}`);
      const file = join(dir, 'hourly.parquet');
      this.opened = (async () => {
        if (!existsSync(file)) {
          // Written beside and renamed into place, so a concurrent reader never sees half a file.
          const scratch = `${dir}.tmp-${process.pid}-${Date.now()}`;
          await exportSimulatedHistory(this.sim, {
            endMs: day * 86_400_000,
            days: this.options.days,
            dir: scratch,
            format: 'parquet',
          });
          try {
            renameSync(scratch, dir);
          } catch {
            rmSync(scratch, { recursive: true, force: true }); // another process got there first
          }
        }
        return DuckDbWarehouse.open({ files: file }, this.options.limits);
      })();
    }
    return this.opened;
  }
}
