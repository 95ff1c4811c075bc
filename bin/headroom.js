#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so `npx headroom` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bot/cli/main.ts');
const code = await main(process.argv.slice(2));
// Exit once output is flushed, even if a client (a gRPC channel, a socket) still holds the event loop.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
