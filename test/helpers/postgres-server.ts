// A throwaway PostgreSQL (Debian's `postgresql`) on 127.0.0.1: a temporary data directory, a free
// port, a unix socket in the same directory, trust auth for one superuser. initdb and postgres
// refuse to run as root, so as root the directory is handed to the `postgres` user the package
// creates and the server runs through runuser. CI installs the package with
// scripts/install-system-deps.sh; a missing binary fails with a message saying so.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../telemetry/helpers/processes.js';

export interface PostgresServer {
  /** postgres://headroom@127.0.0.1:PORT/headroom */
  url: string;
  port: number;
  dataDir: string;
  /** A URL for a fresh, empty database on this server (one per test keeps tests apart). */
  freshDatabase(name?: string): Promise<string>;
  /** kill -9 of the server process (a crash); start() brings it back on the same port and data. */
  crash(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'headroom';

export function postgresBinDir(roots = ['/usr/lib/postgresql']): string {
  for (const root of roots) {
    let versions: string[] = [];
    try {
      versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
    } catch {
      continue;
    }
    for (const v of versions) {
      const dir = path.join(root, v, 'bin');
      try {
        accessSync(path.join(dir, 'initdb'), constants.X_OK);
        accessSync(path.join(dir, 'postgres'), constants.X_OK);
        return dir;
      } catch {
        // next version
      }
    }
  }
  throw new Error(
    `PostgreSQL not found (looked for initdb and postgres in ${roots.join(', ')}/*/bin). ` +
      'Install it with `bash scripts/install-system-deps.sh` (Debian package postgresql).',
  );
}

/** As root: run as the package's `postgres` user; otherwise as ourselves. */
function asServerUser(binary: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const root = mkdtempSync(path.join(tmpdir(), 'headroom-pg-'));
  const dataDir = path.join(root, 'data');
  chmodSync(root, 0o777);
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', root]);
  const [initCmd, initArgs] = asServerUser(path.join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    USER,
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  execFileSync(initCmd, initArgs, { stdio: 'pipe' });
  const port = await freePort();
  let child: ChildProcess | undefined;
  let log = '';

  const start = async () => {
    const [cmd, args] = asServerUser(path.join(bin, 'postgres'), [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-k',
      root,
      '-c',
      'listen_addresses=127.0.0.1',
      // a test server: no fsync (the OS keeps what a killed server wrote); commits stay
      // synchronous, so a crash (kill -9 of the server) loses nothing that was committed
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
    ]);
    child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (c: Buffer) => {
      log = (log + c.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await waitAccepting(`postgres://${USER}@127.0.0.1:${port}/postgres`, child, () => log);
  };
  const exited = (c: ChildProcess) =>
    c.exitCode !== null || c.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => c.once('exit', () => resolve()));
  const signal = async (sig: NodeJS.Signals) => {
    const c = child;
    if (!c?.pid) return;
    // runuser forwards signals; kill the postmaster itself for a real crash
    const pid = postmasterPid(dataDir) ?? c.pid;
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
    await exited(c);
  };

  await start();
  const admin = `postgres://${USER}@127.0.0.1:${port}/postgres`;
  const client = new pg.Client(admin);
  await client.connect();
  await client.query(`CREATE DATABASE ${USER}`);
  await client.end();
  let counter = 0;
  return {
    url: `postgres://${USER}@127.0.0.1:${port}/${USER}`,
    port,
    dataDir,
    async freshDatabase(name = `t${process.pid}_${++counter}`) {
      const c = new pg.Client(admin);
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      return `postgres://${USER}@127.0.0.1:${port}/${name}`;
    },
    crash: () => signal('SIGKILL'),
    start,
    async stop() {
      await signal('SIGINT'); // fast shutdown
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function postmasterPid(dataDir: string): number | undefined {
  try {
    const out = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8');
    const pid = Number(out.split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function waitAccepting(url: string, child: ChildProcess, output: () => string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}:\n${output()}`);
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await c.connect();
      await c.end();
      return;
    } catch {
      await c.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`postgres not accepting connections within ${timeoutMs} ms:\n${output()}`);
}
