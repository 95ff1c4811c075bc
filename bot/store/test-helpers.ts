import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { RecommendationContent } from './types.js';

const dirs: string[] = [];

/** A fresh path for a SQLite file in a temporary directory, removed after each test. */
export function tempDbPath(name = 'headroom.db'): string {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-store-'));
  dirs.push(dir);
  return join(dir, name);
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export const T0 = Date.UTC(2025, 0, 6, 21, 0);

export function content(atMs: number, overrides: Partial<RecommendationContent> = {}): RecommendationContent {
  return {
    atMs,
    verdict: 'failover',
    confidence: 'high',
    summary: 'Fail over eu-west-1: metrics + edge-agent agree. Move to eu-central-1 60 %, us-east-1 40 %.',
    payload: { material: 'm1', plan: { targets: [{ workUnit: 'eu-central-1', share: 0.6 }] } },
    ...overrides,
  };
}
