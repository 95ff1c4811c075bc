// The container image. No base image can be pulled on these machines and buildah cannot run
// containers here, so the Dockerfile is checked statically and the build it runs
// (scripts/build-image-app.sh) is run in a clean copy of the build context, honouring
// .dockerignore; the compiled JavaScript then runs --help, the edge agent's --help, the wire
// contract's .proto loading, and the PostgreSQL store through its compiled worker. `npm ci` is the one Dockerfile step not rerun:
// the copy links the checkout's node_modules instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgres } from '../helpers/postgres-server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

interface Instruction {
  op: string;
  args: string;
}
function instructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}
function stages(all: Instruction[]): Instruction[][] {
  const out: Instruction[][] = [];
  for (const i of all) {
    if (i.op === 'FROM') out.push([]);
    out.at(-1)?.push(i);
  }
  return out;
}

/** The files of the build context: tracked and new files, less what .dockerignore leaves out. */
function contextFiles(): string[] {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  return files.filter(
    (f) =>
      existsSync(join(ROOT, f)) &&
      !ignored.some((p) => {
        const pattern = p.replace(/\/$/, '');
        if (pattern.includes('*'))
          return new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`).test(f);
        return f === pattern || f.startsWith(`${pattern}/`);
      }),
  );
}

describe('Dockerfile', () => {
  const all = instructions(dockerfile);
  const [builder, runtime] = stages(all);

  it('is multi-stage: native modules built in the builder, a slim Node 20 runtime without compilers', () => {
    expect(stages(all)).toHaveLength(2);
    expect(all.find((i) => i.op === 'ARG')?.args).toMatch(/^NODE_IMAGE=docker\.io\/library\/node:20-bookworm-slim$/);
    expect(builder![0]!.args).toBe(`\${NODE_IMAGE} AS builder`);
    expect(builder!.map((i) => i.args).join('\n')).toMatch(/python3 make g\+\+/);
    expect(builder).toContainEqual({ op: 'RUN', args: 'npm ci --no-audit --no-fund' });
    expect(builder!.findIndex((i) => i.args === 'COPY . .' || i.args === '. .')).toBeLessThan(
      builder!.findIndex((i) => i.args === 'npm ci --no-audit --no-fund'),
    ); // npm ci runs "prepare" (the build): the sources must be there
    expect(builder).toContainEqual({ op: 'RUN', args: 'bash scripts/build-image-app.sh /app' });
    expect(runtime![0]!.args).toBe(`\${NODE_IMAGE} AS runtime`);
    expect(runtime!.map((i) => i.args).join('\n')).not.toMatch(/g\+\+|npm ci|tsc/);
    expect(runtime).toContainEqual({ op: 'COPY', args: '--from=builder --chown=root:root /app /app' });
  });

  it('runs compiled JavaScript as a non-root numeric user, with writable places only under /tmp and /data', () => {
    expect(runtime!.filter((i) => i.op === 'USER').map((i) => i.args)).toEqual(['10001:10001']);
    expect(runtime!.find((i) => i.op === 'ENTRYPOINT')?.args).toBe(
      '["/usr/bin/tini", "--", "node", "/app/bin/headroom.js"]',
    );
    const env = runtime!.find((i) => i.op === 'ENV')!.args;
    expect(env).toMatch(/HEADROOM_TSX=0/);
    expect(env).toMatch(/HOME=\/tmp/);
    expect(env).toMatch(/HEADROOM_DB=\/data\/headroom\.db/);
    expect(env).toMatch(/HEADROOM_OPS_LISTEN=0\.0\.0\.0:9464/);
  });

  it('copies only files that exist, and .dockerignore keeps secrets, git and local state out', () => {
    for (const copy of builder!.filter((i) => i.op === 'COPY')) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const s of sources) expect(existsSync(join(ROOT, s)), s).toBe(true);
    }
    for (const p of ['.git', 'node_modules', '.env', '.env.*', 'data', '.scratch']) expect(ignored).toContain(p);
    const files = contextFiles();
    expect(files).toContain('package-lock.json');
    expect(files).toContain('scripts/build-image-app.sh');
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('.git/') || f.startsWith('node_modules/'))).toBe(
      false,
    );
  });
});

describe('the build the Dockerfile runs, in a clean copy of the context', () => {
  let dir: string;
  let pg: PostgresServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'headroom-image-'));
    for (const f of contextFiles()) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      cpSync(join(ROOT, f), join(dir, f));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    pg = await startPostgres();
  });
  afterAll(async () => {
    await pg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('compiles, leaves no TypeScript, and the compiled CLI, edge agent and PostgreSQL store run', async () => {
    // PRUNE_DEV=0: the copy shares the checkout's node_modules, which must not be pruned
    const build = spawnSync('bash', ['scripts/build-image-app.sh', dir], {
      cwd: dir,
      env: { ...process.env, PRUNE_DEV: '0' },
      encoding: 'utf8',
    });
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    expect(build.stdout).toMatch(/^built: \d{3} JavaScript files$/m);
    expect(existsSync(join(dir, 'dist/bot/store/postgres/pg-worker.js'))).toBe(true);
    const leftTs = execFileSync(
      'find',
      ['bot', 'tools', 'analytics', 'edge-agent', '-name', '*.ts', '!', '-name', '*.d.ts'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(leftTs).toBe('');
    const node = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, args, {
        cwd: dir,
        env: { ...process.env, HEADROOM_TSX: '0', ...env },
        encoding: 'utf8',
      });
    const help = node(['bin/headroom.js', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^headroom — shadow-mode failover/);
    const edgeHelp = node(['bin/headroom.js', 'edge-agent', '--help']);
    expect(edgeHelp.status).toBe(0);
    expect(edgeHelp.stdout).toMatch(/edge-agent/);
    // the compiled wire contract finds its .proto in the package (tsc does not copy it to dist/)
    writeFileSync(
      join(dir, 'proto-check.mjs'),
      `import { edgeAgentService } from './dist/edge-agent/wire/index.js';
      console.log(Object.keys(edgeAgentService()).join(','));`,
    );
    const proto = node(['proto-check.mjs']);
    expect(proto.stderr).toBe('');
    expect(proto.stdout.trim()).toBe('Check,Context,Summarize');
    const url = await pg.freshDatabase();
    // a module file, not `node -e`: an eval'd main module blocked on Atomics.wait stalls the worker's loading
    writeFileSync(
      join(dir, 'store-check.mjs'),
      `import { openStore } from './dist/bot/store/index.js';
      const s = openStore(process.env.URL); s.setMeta('k', 'compiled'); console.log(s.getMeta('k'), s.verifyAudit().ok); s.close();`,
    );
    const store = node(['store-check.mjs'], { URL: url });
    expect(store.stderr).toBe('');
    expect(store.stdout.trim()).toBe('compiled true');
  }, 240_000);
});
