import { HeadroomError } from '../../analytics/errors.js';
import type { CliContext } from './command.js';
import { COMMANDS, type CommandEntry } from './commands/index.js';

/** Finds the command (longest name match, so "edge check" wins over "edge"), runs it, maps errors to exit codes. */
export async function main(argv: string[], io: Partial<CliContext> = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const ctxBase = { stdout, stderr, env: io.env ?? process.env, cwd: io.cwd ?? process.cwd() };
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    stdout.write(overview());
    return 0;
  }
  if (argv[0] === '--version') {
    stdout.write('headroom 0.1.0\n');
    return 0;
  }
  const entry = findCommand(argv);
  if (!entry) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${argv[0]} `));
    if (group.length > 0) {
      // "headroom audit", "headroom edge": a group of sub-commands, not a typo
      const list = group
        .map((c) => `  headroom ${c.name.padEnd(Math.max(16, ...group.map((g) => g.name.length)))}  ${c.summary}`)
        .join('\n');
      const asked = argv[1] === undefined || argv[1].startsWith('-') ? '' : ` has no sub-command "${argv[1]}"`;
      const help = argv[1] === '--help' || argv[1] === '-h';
      (help ? stdout : stderr).write(
        `headroom ${argv[0]}${asked}${asked ? '; it' : ''} takes a sub-command:\n${list}\n`,
      );
      return help ? 0 : 1;
    }
    stderr.write(`headroom: unknown command "${argv[0]}". Run "headroom --help" for the list.\n`);
    return 1;
  }
  const command = await entry.load();
  const rest = argv.slice(command.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    stdout.write(`${command.help.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run({ ...ctxBase, argv: rest });
  } catch (err) {
    return reportError(err, stderr);
  }
}

export function reportError(err: unknown, stderr: NodeJS.WritableStream): number {
  if (err instanceof HeadroomError) {
    stderr.write(`headroom: ${err.message}\n`);
    return err.exitCode;
  }
  if (isParseArgsError(err)) {
    stderr.write(`headroom: ${(err as Error).message}\n`);
    return 1;
  }
  stderr.write(`headroom: unexpected failure: ${(err as Error)?.stack ?? String(err)}\n`);
  return 2;
}

function isParseArgsError(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  return code.startsWith('ERR_PARSE_ARGS');
}

function findCommand(argv: string[]): CommandEntry | undefined {
  const candidates = COMMANDS.filter((c) => {
    const words = c.name.split(' ');
    return words.every((w, i) => argv[i] === w);
  });
  return candidates.sort((a, b) => b.name.length - a.name.length)[0];
}

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'headroom — shadow-mode failover and capacity advisor for multi-region work units',
    '',
    'Usage: headroom <command> [options]     (headroom <command> --help for details)',
    '',
    'Commands:',
    ...lines,
    '',
    'Common options: --fleet FILE  --scenario FILE  --at ISO  --seed N  --db FILE  --json',
    'Exit codes: 0 ok, 1 usage or validation error, 2 runtime failure.',
    '',
  ].join('\n');
}
