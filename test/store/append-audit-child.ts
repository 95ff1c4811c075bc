// A replica stand-in for the concurrency case: appends N audit entries to the store at argv[2].
import { openStore } from '../../bot/store/index.js';

const [location, count, actor] = process.argv.slice(2);
const store = openStore(location!);
for (let i = 0; i < Number(count); i++) {
  store.appendAudit({ atMs: 1_700_000_000_000 + i, kind: 'test.append', actor: actor!, payload: { i } });
}
store.close();
