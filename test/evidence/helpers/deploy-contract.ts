// One contract for every DeployFeed: newest first, in range, per unit or fleet-wide, stable ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeployEvent, DeployFeed } from '../../../tools/sources/evidence.js';
import { AT_MS, range } from './evidence-fixture.js';

export interface DeploySubject {
  feed: DeployFeed;
  /** A unit with at least two deploys in the day before AT_MS, and the fleet has deploys on another unit too. */
  busyUnit: string;
  teardown?: () => Promise<void>;
}

const DAY = range(AT_MS - 86_400_000, AT_MS + 3_600_000);

export function deployFeedContract(name: string, open: () => Promise<DeploySubject>): void {
  describe(`DeployFeed contract: ${name}`, () => {
    let subject: DeploySubject;
    let fleetWide: DeployEvent[];

    beforeAll(async () => {
      subject = await open();
      const got = await subject.feed.list(DAY);
      if (got.status !== 'ok') throw new Error(`list failed: ${got.reason}`);
      fleetWide = got.value;
    }, 60_000);
    afterAll(() => subject?.teardown?.());

    it('lists the fleet’s deploys in the range, newest first, with unique ids', () => {
      expect(fleetWide.length).toBeGreaterThan(2);
      const times = fleetWide.map((d) => d.timeMs);
      expect(times).toEqual([...times].sort((a, b) => b - a));
      for (const d of fleetWide) {
        expect(d.timeMs).toBeGreaterThanOrEqual(DAY.startMs);
        expect(d.timeMs).toBeLessThanOrEqual(DAY.endMs);
        expect(d.version).not.toBe('');
      }
      expect(new Set(fleetWide.map((d) => d.id)).size).toBe(fleetWide.length);
      expect(new Set(fleetWide.map((d) => d.workUnit)).size).toBeGreaterThan(1);
    });

    it('lists one unit’s deploys: the fleet-wide list restricted to it', async () => {
      const got = await subject.feed.list(DAY, subject.busyUnit);
      expect(got.status === 'ok' && got.value).toEqual(fleetWide.filter((d) => d.workUnit === subject.busyUnit));
      expect(got.status === 'ok' && got.value.length).toBeGreaterThanOrEqual(2);
    });

    it('narrows to a shorter range', async () => {
      const mid = fleetWide[Math.floor(fleetWide.length / 2)]!.timeMs;
      const got = await subject.feed.list(range(mid, DAY.endMs));
      expect(got.status === 'ok' && got.value).toEqual(fleetWide.filter((d) => d.timeMs >= mid));
    });

    it('says unknown for a reversed range', async () => {
      expect(await subject.feed.list(range(DAY.endMs, DAY.startMs))).toMatchObject({ status: 'unknown' });
    });
  });
}
