// The change feed of a real fleet: events the webhook stored plus the edge agents' deploy files
// (JSON lines the units' deploy tooling appends to; see deploy-file.ts).
import type { TimeRange, WorkUnitId } from '../../analytics/types.js';
import type { DeployEvent, DeployFeed, EvidenceResult } from '../sources/evidence.js';
import { unknown } from '../sources/evidence-query.js';
import { readDeploys } from './deploy-file.js';
import type { DeployStore } from './deploy-store.js';

export class RecordedDeployFeed implements DeployFeed {
  readonly kind = 'recorded';

  constructor(
    private readonly store: DeployStore | undefined,
    private readonly edgeFiles: Readonly<Record<WorkUnitId, string>>,
  ) {}

  async list(range: TimeRange, workUnit?: WorkUnitId): Promise<EvidenceResult<DeployEvent[]>> {
    const tried = `deploy store and edge deploy files${workUnit ? ` of ${workUnit}` : ''}`;
    if (!(range.endMs >= range.startMs)) return unknown('the range ends before it starts', tried);
    let events: DeployEvent[] = [];
    try {
      events = this.store?.list(range.startMs, range.endMs, workUnit) ?? [];
    } catch (err) {
      return unknown(`deploy store: ${(err as Error).message}`, tried);
    }
    for (const [unit, file] of Object.entries(this.edgeFiles)) {
      if (workUnit !== undefined && unit !== workUnit) continue;
      for (const d of await readDeploys(file, range.startMs, range.endMs)) {
        events.push({
          id: `edge:${unit}:${d.service}:${d.atMs}`,
          workUnit: unit,
          service: d.service,
          version: d.version,
          timeMs: d.atMs,
          status: 'succeeded',
          source: 'edge-agent',
          ...(d.detail ? { description: d.detail } : {}),
        });
      }
    }
    return { status: 'ok', value: events.sort((a, b) => b.timeMs - a.timeMs || a.id.localeCompare(b.id)) };
  }
}
