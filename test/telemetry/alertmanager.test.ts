// A real Alertmanager posts to the bot's intake on 127.0.0.1; a pushed alert triggers an
// evaluation at once and the unit's verdict changes without waiting for the poll.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verdict } from '../../analytics/types.js';
import { Core } from '../../bot/core/core.js';
import { evaluateFleet } from '../../bot/core/evaluate.js';
import { SeasonalProfileForecaster } from '../../bot/core/forecaster.js';
import { type AlertIntakeBundle, type AlertIntakeServer, buildAlertIntake } from '../../tools/alerts/index.js';
import { alertIntakeSchema } from '../../tools/config/fleet-schema.js';
import { SimulatedAnomalyApi, SimulatedFleet, SimulatedMetricsSource } from '../../tools/sim/index.js';
import { type AlertmanagerServer, startAlertmanager } from './helpers/alertmanager-server.js';
import { fleet } from './helpers/contract-fixture.js';

const TOKEN = 'am-bearer-token-0123456789';
const DROP_LABELS = { alertname: 'ConnectionsDropped', work_unit: 'eu-west-1', severity: 'page' };
const STARTS_AT = new Date(Date.now() - 60_000).toISOString();

describe('real Alertmanager → webhook intake → verdict', () => {
  let dir: string;
  let bundle: AlertIntakeBundle;
  let intakeServer: AlertIntakeServer;
  let am: AlertmanagerServer;
  let core: Core;
  const verdicts: Array<{ unit: string; verdict: Verdict; atMs: number }> = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'headroom-am-test-'));
    const config = alertIntakeSchema.parse({
      listen: { port: 0 },
      auth: { bearer: { env: 'TOKEN' } },
      database: path.join(dir, 'alerts.db'),
    });
    bundle = buildAlertIntake(config, fleet, { TOKEN });
    intakeServer = await bundle.intake.listen('127.0.0.1', 0);
    am = await startAlertmanager(intakeServer.url, TOKEN);
    // The fleet at a quiet moment, with the anomaly API already flagging eu-west-1: one source (watch).
    const now = Date.now();
    const sim = new SimulatedFleet(fleet, {
      seed: 3,
      faults: [
        {
          kind: 'anomaly-api-flag',
          workUnit: 'eu-west-1',
          startMs: now - 3_600_000,
          endMs: now + 3_600_000,
          magnitude: 0.9,
        },
      ],
    });
    core = new Core({
      fleet,
      metrics: new SimulatedMetricsSource(sim),
      signalSources: [new SimulatedAnomalyApi(sim), bundle.source],
      sourcesInUse: ['anomaly-api', 'alertmanager'],
      forecaster: new SeasonalProfileForecaster(),
      history: { days: 28, stepMs: 3_600_000 },
    });
    await core.learnedAt(now);
    // What the runner's pollNow() does on a pushed alert: evaluate at once.
    bundle.intake.onAlert(async (unit) => {
      const status = await evaluateFleet(core, Date.now());
      verdicts.push({ unit, verdict: status.workUnits.find((u) => u.id === unit)!.verdict.verdict, atMs: Date.now() });
    });
  }, 60_000);

  afterAll(async () => {
    await am?.stop();
    await intakeServer?.close();
    bundle?.store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function until<T>(what: string, get: () => T | undefined, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = get();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('starts at watch: the anomaly API alone flags eu-west-1', async () => {
    const status = await evaluateFleet(core, Date.now());
    expect(status.workUnits.find((u) => u.id === 'eu-west-1')!.verdict.verdict).toBe('watch');
  });

  it('a firing alert reaches the bot and turns the verdict to failover without a poll', async () => {
    const t0 = Date.now();
    await am.pushAlerts([{ labels: DROP_LABELS, startsAt: STARTS_AT }]);
    const seen = await until('a verdict after the alert', () => verdicts.find((v) => v.unit === 'eu-west-1'));
    expect(seen.verdict).toBe('failover');
    expect(seen.atMs - t0).toBeLessThan(5_000);
    const firing = bundle.store.firing(['eu-west-1']);
    expect(firing.map((a) => a.alertName)).toEqual(['ConnectionsDropped']);
    expect(firing[0]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('an alert for a label Alertmanager knows but the fleet does not is ignored, not stored', async () => {
    await am.pushAlerts([{ labels: { alertname: 'Other', work_unit: 'mars-1' } }]);
    await new Promise((r) => setTimeout(r, 500));
    expect(bundle.store.firing().map((a) => a.workUnit)).toEqual(['eu-west-1']);
  });

  it('a resolution from Alertmanager clears the signal and the verdict returns to watch', async () => {
    verdicts.length = 0;
    await am.pushAlerts([
      { labels: DROP_LABELS, startsAt: STARTS_AT, endsAt: new Date(Date.now() - 100).toISOString() },
    ]);
    const seen = await until('a verdict after the resolution', () => verdicts.find((v) => v.unit === 'eu-west-1'));
    expect(seen.verdict).toBe('watch');
    expect(bundle.store.firing(['eu-west-1'])).toEqual([]);
  });
});
