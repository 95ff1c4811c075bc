// The warehouse questions Headroom asks, as named, parameterised SQL over the `hourly` table
// (hour, work_unit, load_rps, cpu, memory, connections, error_rate, latency_p95_ms). The model picks
// a name and values; it never writes SQL.
export interface NamedQuery {
  name: string;
  description: string;
  /** Parameters the SQL binds ($name); dates are ISO days (YYYY-MM-DD). */
  params: readonly ('workUnit' | 'from' | 'to' | 'horizonDays')[];
  sql: string;
}

const RANGE = `hour >= CAST($from AS DATE) AND hour < CAST($to AS DATE) + INTERVAL 1 DAY`;

export const NAMED_QUERIES: readonly NamedQuery[] = [
  {
    name: 'unit_daily_peaks',
    description: "one unit's daily peak load (rps), when it happened, and the cpu at the day's highest",
    params: ['workUnit', 'from', 'to'],
    sql: `SELECT strftime(date_trunc('day', hour), '%Y-%m-%d') AS day,
                 round(max(load_rps), 1) AS peak_rps,
                 strftime(arg_max(hour, load_rps), '%Y-%m-%dT%H:00:00Z') AS peak_at,
                 round(max(cpu), 3) AS peak_cpu
          FROM hourly WHERE work_unit = $workUnit AND ${RANGE}
          GROUP BY 1 ORDER BY 1`,
  },
  {
    name: 'fleet_daily_peaks',
    description: 'the whole fleet’s daily peak of total load (rps, the sum over units each hour) and its hour',
    params: ['from', 'to'],
    sql: `WITH total AS (SELECT hour, sum(load_rps) AS load FROM hourly WHERE ${RANGE} GROUP BY hour)
          SELECT strftime(date_trunc('day', hour), '%Y-%m-%d') AS day,
                 round(max(load), 1) AS peak_rps,
                 strftime(arg_max(hour, load), '%Y-%m-%dT%H:00:00Z') AS peak_at
          FROM total GROUP BY 1 ORDER BY 1`,
  },
  {
    name: 'unit_monthly_peaks',
    description:
      "one unit's monthly peak, the median and 95th percentile of its daily peaks: the long-horizon baseline",
    params: ['workUnit', 'from', 'to'],
    sql: `WITH daily AS (SELECT date_trunc('day', hour) AS day, max(load_rps) AS peak FROM hourly
                         WHERE work_unit = $workUnit AND ${RANGE} GROUP BY 1)
          SELECT strftime(date_trunc('month', day), '%Y-%m') AS month, CAST(count(*) AS INTEGER) AS days,
                 round(max(peak), 1) AS peak_rps, round(median(peak), 1) AS median_daily_peak_rps,
                 round(quantile_cont(peak, 0.95), 1) AS p95_daily_peak_rps
          FROM daily GROUP BY 1 ORDER BY 1`,
  },
  {
    name: 'unit_peak_trend',
    description:
      "one unit's daily-peak trend over the range (least squares): growth per day and per year, and the peak it projects horizonDays after the range",
    params: ['workUnit', 'from', 'to', 'horizonDays'],
    sql: `WITH daily AS (SELECT date_diff('day', CAST($from AS DATE), CAST(date_trunc('day', hour) AS DATE)) AS x,
                                max(load_rps) AS peak
                         FROM hourly WHERE work_unit = $workUnit AND ${RANGE} GROUP BY 1),
               fit AS (SELECT regr_slope(peak, x) AS slope, regr_intercept(peak, x) AS intercept, regr_r2(peak, x) AS r2,
                              CAST(count(*) AS INTEGER) AS days, max(x) AS last_x FROM daily)
          SELECT days, round(slope, 3) AS growth_rps_per_day, round(slope * 365, 1) AS growth_rps_per_year,
                 round(intercept + slope * last_x, 1) AS trend_peak_at_end_rps,
                 round(intercept + slope * (last_x + CAST($horizonDays AS INTEGER)), 1) AS projected_peak_rps,
                 round(r2, 3) AS r2
          FROM fit`,
  },
  {
    name: 'unit_week_profile',
    description: "one unit's average and peak load per hour of the week (UTC; 0 = Sunday 00:00), 168 rows",
    params: ['workUnit', 'from', 'to'],
    sql: `SELECT CAST(dayofweek(hour) * 24 + hour(hour) AS INTEGER) AS hour_of_week,
                 round(avg(load_rps), 1) AS mean_rps, round(max(load_rps), 1) AS peak_rps
          FROM hourly WHERE work_unit = $workUnit AND ${RANGE} GROUP BY 1 ORDER BY 1`,
  },
];

export function findNamedQuery(name: string): NamedQuery | undefined {
  return NAMED_QUERIES.find((q) => q.name === name);
}
