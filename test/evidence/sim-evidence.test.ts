// The simulated fleet's logs, traces and deploys follow its faults: a bad deploy is followed by
// its exception, a connection drop by resets, and the versions in traces match the deploy feed.
import { describe, expect, it } from 'vitest';
import { SimulatedDeployFeed, SimulatedLogSource, SimulatedTraceSource } from '../../tools/sim/evidence/index.js';
import type { LogLine } from '../../tools/sources/evidence.js';
import { AT_MS, BAD_DEPLOY_AT, BAD_VERSION, evidenceSim, MINUTE, range, WINDOW } from './helpers/evidence-fixture.js';

async function lines(unit: string, startMs: number, endMs: number, seed = 7): Promise<LogLine[]> {
  const got = await new SimulatedLogSource(evidenceSim(seed)).search({
    workUnit: unit,
    range: range(startMs, endMs),
    limit: 5_000,
  });
  if (got.status !== 'ok') throw new Error(got.reason);
  return got.value;
}

describe('simulated logs', () => {
  it('show the bad release’s exception, naming its version, only after the deploy', async () => {
    const after = await lines('us-east-1', BAD_DEPLOY_AT, BAD_DEPLOY_AT + 20 * MINUTE);
    const before = await lines('us-east-1', BAD_DEPLOY_AT - 60 * MINUTE, BAD_DEPLOY_AT - 1);
    const exception = (l: LogLine) => l.message.includes(`TypeError`) && l.message.includes(`checkout@${BAD_VERSION}`);
    expect(after.filter(exception).length).toBeGreaterThan(20);
    expect(before.some((l) => l.message.includes('TypeError'))).toBe(false);
    expect(
      after.some(
        (l) => l.level === 'info' && l.message === `deploy: checkout ${BAD_VERSION} rolled out (replicas 12/12)`,
      ),
    ).toBe(true);
    // More errors after the release than in the hour before, per minute.
    const rate = (ls: LogLine[], minutes: number) => ls.filter((l) => l.level === 'error').length / minutes;
    expect(rate(after, 20)).toBeGreaterThan(5 * rate(before, 60));
  });

  it('show connection resets where connections drop, and none on a quiet unit', async () => {
    const dropped = await lines('eu-west-1', WINDOW.startMs, WINDOW.endMs);
    const quiet = await lines('ap-northeast-1', WINDOW.startMs, WINDOW.endMs);
    const reset = (l: LogLine) => /ECONNRESET|reset reason: connection termination/.test(l.message);
    expect(dropped.filter(reset).length).toBeGreaterThan(10);
    expect(quiet.some(reset)).toBe(false);
    // Noise and periodic jobs are there too: the quiet unit still logs.
    expect(quiet.some((l) => l.message.startsWith('cache: compaction done'))).toBe(true);
    expect(quiet.filter((l) => l.level === 'info').length).toBeGreaterThan(20);
  });

  it('are deterministic by seed', async () => {
    const a = await lines('us-east-1', WINDOW.startMs, WINDOW.endMs, 7);
    const b = await lines('us-east-1', WINDOW.startMs, WINDOW.endMs, 7);
    const c = await lines('us-east-1', WINDOW.startMs, WINDOW.endMs, 8);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('say unknown for a unit the fleet does not have', async () => {
    const got = await new SimulatedLogSource(evidenceSim()).search({ workUnit: 'mars-1', range: WINDOW, limit: 10 });
    expect(got).toMatchObject({ status: 'unknown', reason: 'mars-1 is not a work unit of this fleet' });
  });
});

describe('simulated traces', () => {
  it('put the bad release’s error in the checkout span, with the version the deploy feed names', async () => {
    const sim = evidenceSim();
    const traces = new SimulatedTraceSource(sim);
    const found = await traces.search({
      workUnit: 'us-east-1',
      range: WINDOW,
      limit: 50,
      errorsOnly: true,
      service: 'checkout',
    });
    if (found.status !== 'ok') throw new Error(found.reason);
    expect(found.value.length).toBeGreaterThan(5);
    const trace = await traces.get(found.value[0]!.traceId);
    const checkout = trace.status === 'ok' ? trace.value?.spans.find((s) => s.service === 'checkout') : undefined;
    expect(checkout).toMatchObject({
      error: true,
      attributes: { 'service.version': BAD_VERSION, 'exception.type': 'TypeError' },
    });

    const earlier = await traces.search({
      workUnit: 'us-east-1',
      range: range(BAD_DEPLOY_AT - 30 * MINUTE, BAD_DEPLOY_AT - 1),
      limit: 50,
      attributes: { 'service.version': BAD_VERSION },
    });
    expect(earlier).toEqual({ status: 'ok', value: [] });
  });

  it('show resets in the db-proxy span where connections drop', async () => {
    const got = await new SimulatedTraceSource(evidenceSim()).search({
      workUnit: 'eu-west-1',
      range: WINDOW,
      limit: 5,
      attributes: { 'error.type': 'ECONNRESET' },
    });
    expect(got.status === 'ok' && got.value.length).toBe(5);
  });

  it('are slow near saturation', async () => {
    const sim = new (await import('../../tools/sim/index.js')).SimulatedFleet(evidenceSim().fleet, {
      seed: 7,
      faults: [
        {
          kind: 'cpu-saturation',
          workUnit: 'us-west-2',
          startMs: AT_MS - 30 * MINUTE,
          endMs: AT_MS + 30 * MINUTE,
          magnitude: 0.6,
        },
      ],
    });
    const traces = new SimulatedTraceSource(sim);
    const median = async (startMs: number) => {
      const got = await traces.search({
        workUnit: 'us-west-2',
        range: range(startMs, startMs + 10 * MINUTE),
        limit: 5_000,
      });
      if (got.status !== 'ok') throw new Error(got.reason);
      const d = got.value.map((t) => t.durationMs).sort((a, b) => a - b);
      return d[Math.floor(d.length / 2)]!;
    };
    expect(await median(AT_MS - 10 * MINUTE)).toBeGreaterThan(3 * (await median(AT_MS - 120 * MINUTE)));
  });

  it('answer null for an id that is not theirs, even one shaped like it', async () => {
    const traces = new SimulatedTraceSource(evidenceSim());
    const found = await traces.search({ workUnit: 'us-east-1', range: WINDOW, limit: 1 });
    const id = found.status === 'ok' ? found.value[0]!.traceId : '';
    const tampered = id.slice(0, 31) + (id.endsWith('0') ? '1' : '0');
    expect(await traces.get(tampered)).toEqual({ status: 'ok', value: null });
    expect(await traces.get('not-a-trace')).toEqual({ status: 'ok', value: null });
  });
});

describe('simulated deploys', () => {
  it('list the scenario’s bad release and its rollback to the previous version', async () => {
    const feed = new SimulatedDeployFeed(evidenceSim());
    const got = await feed.list(range(BAD_DEPLOY_AT - 60 * MINUTE, AT_MS + 60 * MINUTE), 'us-east-1');
    if (got.status !== 'ok') throw new Error(got.reason);
    const release = got.value.find((d) => d.version === BAD_VERSION)!;
    expect(release).toMatchObject({
      service: 'checkout',
      timeMs: BAD_DEPLOY_AT,
      status: 'succeeded',
      source: 'simulated',
    });
    const rollback = got.value.find((d) => d.status === 'rolled-back')!;
    expect(rollback.timeMs).toBe(AT_MS + 20 * MINUTE);
    expect(rollback.version).not.toBe(BAD_VERSION);
    expect(got.value.indexOf(rollback)).toBeLessThan(got.value.indexOf(release));
  });

  it('list routine releases on every unit over a week', async () => {
    const got = await new SimulatedDeployFeed(evidenceSim()).list(range(AT_MS - 7 * 86_400_000, AT_MS));
    if (got.status !== 'ok') throw new Error(got.reason);
    const units = new Set(got.value.map((d) => d.workUnit));
    expect(units.size).toBe(evidenceSim().fleet.workUnits.length);
  });
});
