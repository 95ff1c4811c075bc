import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, ROOT } from '../cli/run-cli.js';

export interface SpawnedServer {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `headroom mcp --http …` and resolves with the URL it logs to stderr once listening. */
export function spawnHttpServer(args: string[], env: Record<string, string>): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [BIN, 'mcp', '--db', ':memory:', ...args], {
    cwd: ROOT,
    env: { ...process.env, HEADROOM_HISTORY_DAYS: '35', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
      const url = /at (http:\/\/\S+\/mcp)/.exec(stderr)?.[1];
      if (url)
        resolve({
          url,
          child,
          stderr: () => stderr,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
    });
    void exited.then((code) => reject(new Error(`mcp --http exited (${code}) before listening:\n${stderr}${stdout}`)));
  });
}
