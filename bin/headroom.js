#!/usr/bin/env node
// Runs the compiled CLI under dist/ (built by `npm run build`, which `npm ci` runs as "prepare").
// From a checkout without a build, or with sources newer than it, the TypeScript sources run through
// tsx instead (slower to start, never stale); HEADROOM_TSX=1 forces that, HEADROOM_TSX=0 forbids it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = new URL('../dist/bot/cli/main.js', import.meta.url);
const SOURCE_DIRS = ['bot', 'tools', 'analytics', 'edge-agent'];

/** The build's stamp is older than a source file: a checkout or an edit since `npm run build`. */
function buildIsStale() {
  const stamp = statSync(new URL('../dist/.built', import.meta.url), { throwIfNoEntry: false });
  if (!stamp) return true;
  for (const dir of SOURCE_DIRS) {
    for (const name of readdirSync(`${root}${dir}`, { recursive: true })) {
      if (typeof name !== 'string' || !name.endsWith('.ts')) continue;
      if (statSync(`${root}${dir}/${name}`).mtimeMs > stamp.mtimeMs) return true;
    }
  }
  return false;
}

const mode = process.env.HEADROOM_TSX;
const useCompiled = mode === '0' || (mode !== '1' && existsSync(compiled) && !buildIsStale());
let main;
if (useCompiled) {
  ({ main } = await import(compiled.href));
} else {
  if (process.stderr.isTTY && existsSync(compiled)) {
    process.stderr.write('headroom: dist/ is older than the sources; running them through tsx (npm run build)\n');
  }
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../bot/cli/main.ts'));
}
const code = await main(process.argv.slice(2));
// Exit once output is flushed, even if a client (a gRPC channel, a socket) still holds the event loop.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
