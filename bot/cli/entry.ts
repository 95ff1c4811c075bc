// The compiled entry point (the container image runs `node bot/cli/entry.js`); bin/headroom.js
// does the same through tsx for a checkout.
import { main } from './main.js';

const code = await main(process.argv.slice(2));
// Exit once output is flushed, even if a client (a gRPC channel, a socket) still holds the event loop.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
