import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../blocks/plan.js';
import type { SlackDeps } from '../deps.js';
import { oneClickDecision } from './one-click.js';

/** Follow: the operator is doing what Headroom recommends. */
export function registerFollow(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.follow, oneClickDecision(deps, 'follow', 'follow a recommendation'));
}
