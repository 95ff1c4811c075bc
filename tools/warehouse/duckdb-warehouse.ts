// DuckDB, embedded, over exported hourly history (Parquet or CSV files) or a DuckDB database file.
// Read-only three ways: a database file is opened READ_ONLY; files are reached through a view with
// file access limited to their folder and the configuration locked; and every statement must be a
// single SELECT (DuckDB's own parser decides), run with a deadline (interrupt) and row/byte caps.
import { dirname, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, StatementType } from '@duckdb/node-api';
import type { EvidenceResult } from '../sources/evidence.js';
import { unknown } from '../sources/evidence-query.js';
import { type Cell, DEFAULT_LIMITS, type QueryLimits, type SqlWarehouse, type WarehouseRows } from './warehouse.js';

export type DuckDbSource = { files: string } | { database: string };

export class DuckDbWarehouse implements SqlWarehouse {
  readonly kind = 'duckdb';
  /** One statement at a time on the one connection. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly limits: QueryLimits,
  ) {}

  static async open(source: DuckDbSource, limits: Partial<QueryLimits> = {}): Promise<DuckDbWarehouse> {
    let instance: DuckDBInstance;
    if ('database' in source) {
      instance = await DuckDBInstance.create(resolve(source.database), { access_mode: 'READ_ONLY' });
    } else {
      instance = await DuckDBInstance.create(':memory:');
    }
    const connection = await instance.connect();
    if ('files' in source) {
      const glob = resolve(source.files);
      const reader = /\.csv(\.gz)?$/i.test(glob) ? 'read_csv' : 'read_parquet';
      await connection.run(`SET allowed_directories = [${sqlString(`${dirname(glob)}/`)}]`);
      await connection.run('SET enable_external_access = false');
      await connection.run(`CREATE VIEW hourly AS SELECT * FROM ${reader}(${sqlString(glob)})`);
    }
    await connection.run('SET lock_configuration = true');
    return new DuckDbWarehouse(instance, connection, { ...DEFAULT_LIMITS, ...limits });
  }

  query(
    sql: string,
    params: Record<string, string | number>,
    limits: Partial<QueryLimits> = {},
  ): Promise<EvidenceResult<WarehouseRows>> {
    const run = this.queue.then(() => this.runOne(sql, params, limits));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runOne(
    sql: string,
    params: Record<string, string | number>,
    limits: Partial<QueryLimits>,
  ): Promise<EvidenceResult<WarehouseRows>> {
    const caps = { ...this.limits, ...limits };
    const tried = `duckdb: ${oneLine(sql)}`;
    let timer: NodeJS.Timeout | undefined;
    try {
      const statements = await this.connection.extractStatements(sql);
      if (statements.count !== 1) return unknown(`one statement at a time (got ${statements.count})`, tried);
      const prepared = await statements.prepare(0);
      if (prepared.statementType !== StatementType.SELECT) {
        return unknown(`only SELECT queries are run (this one is ${StatementType[prepared.statementType]})`, tried);
      }
      prepared.bind(params);
      let timedOut = false;
      timer = setTimeout(() => {
        timedOut = true;
        this.connection.interrupt();
      }, caps.timeoutMs);
      const reader = await prepared.runAndReadUntil(caps.maxRows + 1).catch((err: Error) => {
        throw timedOut ? new Error(`query interrupted after ${caps.timeoutMs} ms`) : err;
      });
      const columns = reader.columnNames();
      const all = reader.getRowObjectsJson() as Record<string, Cell>[];
      const rows: Record<string, Cell>[] = [];
      let bytes = 2;
      let cut: WarehouseRows['cut'];
      for (const row of all) {
        if (rows.length === caps.maxRows) {
          cut = { shown: rows.length, reason: `more than ${caps.maxRows} rows` };
          break;
        }
        bytes += JSON.stringify(row).length + 1;
        if (bytes > caps.maxBytes) {
          cut = { shown: rows.length, reason: `rows beyond ${caps.maxBytes} bytes` };
          break;
        }
        rows.push(row);
      }
      return { status: 'ok', value: { columns, rows, ...(cut ? { cut } : {}) } };
    } catch (err) {
      return unknown((err as Error).message.split('\n')[0]!, tried);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function oneLine(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  return s.length > 160 ? `${s.slice(0, 160)}…` : s;
}
