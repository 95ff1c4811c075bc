// A unit that lost capacity (the simulator's capacity-loss fault: every utilisation × 1/(1 − m))
// has less safe capacity now than history taught, and the failover planner sends it less.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRuntime } from '../../bot/app/runtime.js';
import { evaluateFleet } from '../../bot/core/evaluate.js';
import { failoverReport } from '../../bot/core/failover.js';

const dir = mkdtempSync(path.join(tmpdir(), 'headroom-capacity-loss-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenario(name: string, faults: string): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, `seed: 7\nat: 2026-03-03T21:30:00Z\nfaults:${faults || ' []'}\n`);
  return file;
}

describe('capacity lost now', () => {
  it('lowers the unit’s safe capacity, says why in its metrics signal, and the plan sends it less', async () => {
    const quiet = await openRuntime({ scenario: scenario('quiet', ''), historyDays: 35 }, {});
    const lossy = await openRuntime(
      {
        scenario: scenario(
          'loss',
          '\n  - { workUnit: eu-central-1, kind: capacity-loss, start: 2026-03-03T18:00:00Z, durationMinutes: 600, magnitude: 0.45 }',
        ),
        historyDays: 35,
      },
      {},
    );
    const at = quiet.atMs;
    const before = (await evaluateFleet(quiet.core, at)).workUnits.find((u) => u.id === 'eu-central-1')!;
    const after = (await evaluateFleet(lossy.core, at)).workUnits.find((u) => u.id === 'eu-central-1')!;
    expect(before.capacity.kept).toBe(1);
    expect(after.baseline.safeCapacity).toBeCloseTo(before.baseline.safeCapacity, 0); // history is the same
    expect(after.safeCapacity).toBeLessThan(0.8 * before.safeCapacity);
    expect(after.safeCapacity).toBeGreaterThan(0.4 * before.safeCapacity);
    expect(after.headroom).toBeLessThan(before.headroom);
    expect(after.verdict.signals.find((s) => s.source === 'metrics')?.detail).toMatch(/%\)? of capacity lost$/);

    const share = async (rt: typeof quiet) =>
      (await failoverReport(rt.core, 'eu-west-1', at)).plan.targets.find((t) => t.workUnit === 'eu-central-1')?.share ??
      0;
    const quietShare = await share(quiet);
    const lossyShare = await share(lossy);
    expect(quietShare).toBeGreaterThan(0.2);
    expect(lossyShare).toBeLessThan(quietShare / 2);
  }, 60_000);
});
