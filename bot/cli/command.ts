import type { Writable } from 'node:stream';

/** What every CLI command receives. Configuration is read here, at the edge, and passed down. */
export interface CliContext {
  argv: string[]; // the arguments after the command name (and sub-command, if any)
  stdout: Writable;
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** One file per command under bot/cli/commands/, each exporting a CliCommand; index.ts lists them. */
export interface CliCommand {
  /** e.g. "status", or "edge check" for a sub-command. */
  name: string;
  summary: string;
  /** Full --help text: usage line, options, examples. */
  help: string;
  /** Resolves to the exit code: 0 ok, 1 usage or validation error, 2 runtime failure. */
  run(ctx: CliContext): Promise<number>;
}
