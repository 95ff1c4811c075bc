import type { FleetConfig } from '../../tools/config/load-fleet.js';

export type Role = 'viewer' | 'operator' | 'admin';
const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function atLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/**
 * Roles from the fleet config: Slack user IDs (U…/W…) and user-group IDs (S…) per role. Anyone not
 * listed is a viewer. Group membership is looked up through Slack and cached for a few minutes.
 */
export class RoleResolver {
  private readonly cache = new Map<string, { members: Set<string>; atMs: number }>();

  constructor(
    private readonly roles: FleetConfig['roles'],
    private readonly groupMembers: (groupId: string) => Promise<string[]>,
    private readonly cacheMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async roleOf(userId: string): Promise<Role> {
    if (await this.listed(this.roles.admins, userId)) return 'admin';
    if (await this.listed(this.roles.operators, userId)) return 'operator';
    return 'viewer';
  }

  private async listed(entries: string[], userId: string): Promise<boolean> {
    if (entries.includes(userId)) return true;
    for (const entry of entries) {
      if (entry.startsWith('S') && (await this.members(entry)).has(userId)) return true;
    }
    return false;
  }

  private async members(groupId: string): Promise<Set<string>> {
    const cached = this.cache.get(groupId);
    if (cached && this.now() - cached.atMs < this.cacheMs) return cached.members;
    try {
      const members = new Set(await this.groupMembers(groupId));
      this.cache.set(groupId, { members, atMs: this.now() });
      return members;
    } catch {
      // A group we cannot read grants nothing (fail closed); a stale answer is better than none.
      return cached?.members ?? new Set();
    }
  }
}
