// The deploys file of a work unit: JSON lines its deploy tooling appends to. Two readers: the edge
// agent (Context, for the central) and the central's recorded deploy feed (recorded-feed.ts). It is a
// deploy source beside the webhook's store, not part of the agent<->central wire, so it lives here.
import { readFile } from 'node:fs/promises';
import type { Deploy } from '../../edge-agent/wire/index.js';

/**
 * Recent deploys from a JSON-lines file the unit's deploy tooling appends to:
 * `{"service":"api","version":"1.4.2","at":"2025-01-01T12:00:00Z","detail":"..."}` (`atMs` also accepted).
 * Unreadable lines are skipped: context is best effort, it never fails a call.
 */
export async function readDeploys(file: string, fromMs: number, toMs: number): Promise<Deploy[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const out: Deploy[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const d = JSON.parse(line) as Record<string, unknown>;
      const atMs = typeof d.atMs === 'number' ? d.atMs : typeof d.at === 'string' ? Date.parse(d.at) : Number.NaN;
      if (!Number.isFinite(atMs) || atMs < fromMs || atMs > toMs) continue;
      out.push({
        service: String(d.service ?? ''),
        version: String(d.version ?? ''),
        atMs,
        detail: String(d.detail ?? ''),
      });
    } catch {
      // not JSON: skip
    }
  }
  return out.sort((a, b) => b.atMs - a.atMs);
}
