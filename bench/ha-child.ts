// A stand-in replica for bench/ha.bench.ts: `leader URL FLEET RETRY_MS` holds leadership and prints
// "leader"; `decide URL REC_ID N ACTOR START_AT` records N decisions (button clicks) on recommendation
// REC_ID from wall time START_AT on (every writer starts together) and prints when it finished.
import { AdvisoryLeadership } from '../bot/ha/leadership.js';
import { openStore } from '../bot/store/index.js';

const [mode, url, a, b, c, d] = process.argv.slice(2);
if (mode === 'leader') {
  const l = await new AdvisoryLeadership({ url: url!, fleetName: a!, retryMs: Number(b) }).start();
  l.onChange((role) => process.stdout.write(`${role}\n`));
  if (l.role === 'leader') process.stdout.write('leader\n');
  setInterval(() => {}, 1 << 30);
} else {
  const store = openStore(url!);
  await new Promise((r) => setTimeout(r, Math.max(0, Number(d) - Date.now())));
  for (let i = 0; i < Number(b); i++) {
    store.recordDecision({
      recommendationId: Number(a),
      userId: `${c}-${i}`,
      atMs: 1_772_571_900_000 + i,
      kind: i % 3 === 0 ? 'override' : 'follow',
      content: {},
      followedRecommendation: i % 3 !== 0,
    });
  }
  process.stdout.write(`${Date.now()}\n`);
  store.close();
}
