import type { CliContext } from './command.js';

/** JSON for machines, text for people; the edge is the only place that formats. */
export function writeOutput(ctx: Pick<CliContext, 'stdout'>, json: boolean, data: unknown, text: () => string): void {
  ctx.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text()}\n`);
}

/**
 * A warning on stderr for each failed telemetry query, said once per distinct message (a poll
 * repeats the same failure for every metric and every poll); stdout stays clean for --json.
 */
export function queryFailureWarner(ctx: Pick<CliContext, 'stderr'>): (err: Error) => void {
  const said = new Set<string>();
  return (err) => {
    if (said.has(err.message)) return;
    if (said.size >= 100) said.clear();
    said.add(err.message);
    ctx.stderr.write(`warning: ${err.message} (the affected units read "unknown")\n`);
  };
}
