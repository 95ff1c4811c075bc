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

/**
 * Whether the user's role is known within `budgetMs` (from the cache, or Slack's user groups
 * answering in time). Slack gives 3 s to ack a modal submission and to use a trigger_id; a role
 * lookup that would take longer is better told to the user ("try again": the lookup goes on and
 * fills the cache) than allowed to make Slack show an error. The role itself is then checked by
 * `allowed`, which finds it cached.
 */
export async function roleKnownWithin(
  deps: Pick<SlackDeps, 'roles'>,
  userId: string,
  budgetMs: number,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), budgetMs);
  });
  const lookup = deps.roles.roleOf(userId).then(
    () => true,
    () => true, // a failed lookup is decided (as the resolver decides it), not late
  );
  try {
    return await Promise.race([lookup, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a user is told when their role could not be confirmed in time. */
export const ROLE_LATE_TEXT =
  "Headroom could not confirm your role in time (Slack's user groups answered slowly). Nothing was recorded; please try again.";

/** Budget for a role lookup inside Slack's 3-second windows, leaving time for the ack itself. */
export const ROLE_BUDGET_MS = 1_500;

/**
 * For the steps inside Slack's 3-second windows (opening a modal, submitting one): why the user
 * may not go ahead as an operator — their role not known in time, or not enough — or undefined
 * when they may. A refusal is audited as `allowed` audits it.
 */
export async function operatorRefusal(
  deps: Pick<SlackDeps, 'roles' | 'store' | 'now' | 'log'>,
  userId: string,
  action: string,
): Promise<string | undefined> {
  if (!(await roleKnownWithin(deps, userId, ROLE_BUDGET_MS))) return ROLE_LATE_TEXT;
  let refusal: string | undefined;
  const ok = await allowed(deps, userId, 'operator', action, async (text) => {
    refusal = text;
  });
  return ok ? undefined : refusal;
}
