import type { SlackDeps } from './deps.js';
import { atLeast, type Role } from './roles.js';

const WHO: Record<Role, string> = { viewer: 'viewers', operator: 'operators', admin: 'admins' };

/**
 * Checks the user's role before any action. A refusal is explained to the user (ephemerally, by
 * `refuse`) and written to the audit log. Returns whether the action may go ahead.
 */
export async function allowed(
  deps: Pick<SlackDeps, 'roles' | 'store' | 'now' | 'log'>,
  userId: string,
  needed: Role,
  action: string,
  refuse: (text: string) => Promise<unknown>,
): Promise<boolean> {
  const role = await deps.roles.roleOf(userId);
  if (atLeast(role, needed)) return true;
  deps.store.appendAudit({
    atMs: deps.now(),
    kind: 'access.refused',
    actor: userId,
    payload: { action, role, needed },
  });
  deps.log.info({ userId, action, role, needed }, 'access refused');
  await refuse(
    `Sorry, only ${WHO[needed]}${needed === 'operator' ? ' and admins' : ''} can ${action}. You are a ${role} in Headroom's roles; ask an admin to change the fleet config if that is wrong.`,
  ).catch((err) => deps.log.warn({ err: (err as Error).message }, 'could not deliver the refusal'));
  return false;
}
