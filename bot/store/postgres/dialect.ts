// The store's statements are written once, in the SQL both databases speak; this rewrites the few
// SQLite spellings they use into PostgreSQL's. Pure: text in, text out.

/**
 * - `?` placeholders become `$1, $2, …` (never inside quotes); a placeholder tested only with
 *   `IS NULL` gets `::text` (PostgreSQL cannot infer the type of a parameter used only there;
 *   every parameter travels as text anyway).
 * - two-argument scalar `MAX(a, b)` / `MIN(a, b)` become `GREATEST` / `LEAST`.
 * - `strftime('%Y-%m-%d', X / 1000, 'unixepoch')` becomes the UTC day of epoch ms X.
 * - a camelCase column alias (`AS costUsd`) is quoted, since PostgreSQL folds unquoted names.
 * - `INSERT OR IGNORE` becomes `INSERT … ON CONFLICT DO NOTHING`; `INSERT OR REPLACE` becomes an
 *   upsert on the table's key (REPLACE_KEYS names it: PostgreSQL needs the conflict target).
 */
export function toPostgres(sql: string): string {
  // the one rewrite that spans literals, so it runs on the whole text
  const days = sql.replace(
    /\bstrftime\(\s*'%Y-%m-%d'\s*,\s*([^,()']+?)\s*\/\s*1000\s*,\s*'unixepoch'\s*\)/gi,
    (_m, ms: string) => `to_char(to_timestamp(${ms.trim()} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  );
  let text = rewriteOutsideQuotes(days, (chunk) =>
    chunk
      .replace(/\bMAX\(\s*([\w.?]+)\s*,\s*([\w.?]+)\s*\)/gi, 'GREATEST($1, $2)')
      .replace(/\bMIN\(\s*([\w.?]+)\s*,\s*([\w.?]+)\s*\)/gi, 'LEAST($1, $2)')
      .replace(/\bAS\s+([a-z_][a-z0-9_]*[A-Z][A-Za-z0-9_]*)\b/g, 'AS "$1"'),
  );
  const replace = /^\s*INSERT\s+OR\s+REPLACE\s+INTO\s+(\w+)\s*\(([^)]*)\)/i.exec(text);
  if (replace) {
    const [, table, cols] = replace;
    const keys = REPLACE_KEYS[table!];
    if (!keys) throw new Error(`INSERT OR REPLACE INTO ${table}: add its key to REPLACE_KEYS (postgres/dialect.ts)`);
    const set = cols!
      .split(',')
      .map((c) => c.trim())
      .filter((c) => !keys.includes(c))
      .map((c) => `${c} = EXCLUDED.${c}`);
    text = `${text.replace(/^\s*INSERT\s+OR\s+REPLACE\b/i, 'INSERT').replace(/;\s*$/, '')} ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${set.join(', ')}`;
  }
  if (/^\s*INSERT\s+OR\s+IGNORE\b/i.test(text)) {
    text = `${text.replace(/^\s*INSERT\s+OR\s+IGNORE\b/i, 'INSERT').replace(/;\s*$/, '')} ON CONFLICT DO NOTHING`;
  }
  let n = 0;
  return rewriteOutsideQuotes(text, (chunk) =>
    chunk.replace(/\?(\s+IS\s+(?:NOT\s+)?NULL\b)?/gi, (_m, isNull: string | undefined) =>
      isNull ? `$${++n}::text${isNull}` : `$${++n}`,
    ),
  );
}

/** The key an `INSERT OR REPLACE` replaces on, per table (SQLite finds it itself). */
export const REPLACE_KEYS: Record<string, string[]> = {
  precomputed_forecasts: ['set_id', 'work_unit', 'kind'],
};

/** True for an INSERT that does not say what it returns (the store's run() adds RETURNING *). */
export function isPlainInsert(sql: string): boolean {
  return /^\s*INSERT\b/i.test(sql) && !/\bRETURNING\b/i.test(sql);
}

/** Applies fn to the parts of sql outside '…' and "…" literals, in order. */
function rewriteOutsideQuotes(sql: string, fn: (chunk: string) => string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const next = sql.slice(i).search(/['"]/);
    if (next < 0) {
      out += fn(sql.slice(i));
      break;
    }
    out += fn(sql.slice(i, i + next));
    const quote = sql[i + next]!;
    let end = i + next + 1;
    for (;;) {
      const close = sql.indexOf(quote, end);
      if (close < 0) {
        end = sql.length;
        break;
      }
      if (sql[close + 1] === quote) {
        end = close + 2; // doubled quote inside the literal
        continue;
      }
      end = close + 1;
      break;
    }
    out += sql.slice(i + next, end);
    i = end;
  }
  return out;
}
