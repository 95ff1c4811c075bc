// npm run bench:incidents:demo — the whole demo incident in Slack, from fault onset to the
// postmortem file in the recommendation's thread: real Bolt and WebClient against the local Slack
// fake, the demo fleet polled every 5 min of fleet time as fast as it goes. Prints fleet time
// (onset → postmortem posted) and wall time (first poll → postmortem posted), one JSON line each.
import { startHarness } from '../test/slack/harness.js';
import { emit } from './stats.js';

const ONSET = Date.parse('2026-03-03T21:00:00Z');
const h = await startHarness({ at: '2026-03-03T20:55:00Z', incidents: true });
try {
  const wall0 = performance.now();
  let polls = 0;
  for (;;) {
    await h.bot.pollNow();
    polls++;
    const incident = h.store.incidents.list({ workUnit: 'eu-west-1' })[0];
    const thread = incident?.thread;
    if (thread && h.fake.shares.some((s) => s.threadTs === thread.ts)) {
      const wallMs = performance.now() - wall0;
      emit({
        bench: 'incident.demo.fleet-time',
        value: Math.round((h.clock.now() - ONSET) / 60_000),
        unit: 'min',
        polls,
      });
      emit({ bench: 'incident.demo.wall-time', value: Math.round(wallMs), unit: 'ms', polls });
      emit({
        bench: 'incident.demo.resolution-to-postmortem',
        value: Math.round((h.clock.now() - incident.resolvedAtMs!) / 1000),
        unit: 's (fleet)',
        goalSeconds: 60,
      });
      break;
    }
    if (polls > 60) throw new Error('no postmortem in the thread after 60 polls');
    h.clock.t += 300_000;
  }
} finally {
  await h.close();
}
