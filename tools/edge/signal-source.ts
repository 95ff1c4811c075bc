import type { Signal, WorkUnitId } from '../../analytics/types.js';
import type { SignalSource } from '../sources/types.js';
import type { EdgeAgentClient } from './client.js';
import { type AgentInstance, edgeSignal, type FreshnessRules } from './edge-signal.js';

/**
 * The edge agents as one of the core's independent signal sources. It keeps no report between
 * polls, only which agent instance answered last, so a restart is noticed and said.
 */
export class EdgeSignalSource implements SignalSource {
  readonly name = 'edge-agent' as const;
  private readonly instances = new Map<WorkUnitId, AgentInstance>();

  constructor(
    private readonly client: EdgeAgentClient,
    private readonly rules: FreshnessRules,
  ) {}

  async read(workUnits: readonly WorkUnitId[], atMs: number): Promise<Map<WorkUnitId, Signal>> {
    const outcomes = await this.client.checkAll(workUnits);
    const out = new Map<WorkUnitId, Signal>();
    for (const wu of workUnits) {
      const outcome = outcomes.get(wu)!;
      out.set(wu, edgeSignal(wu, outcome, this.instances.get(wu), this.rules, atMs));
      if (outcome.status === 'answered') {
        this.instances.set(wu, { instanceId: outcome.report.instanceId, startedAtMs: outcome.report.startedAtMs });
      }
    }
    return out;
  }
}
