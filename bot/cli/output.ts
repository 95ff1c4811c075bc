import type { CliContext } from './command.js';

/** JSON for machines, text for people; the edge is the only place that formats. */
export function writeOutput(ctx: Pick<CliContext, 'stdout'>, json: boolean, data: unknown, text: () => string): void {
  ctx.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text()}\n`);
}
