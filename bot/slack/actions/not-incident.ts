import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../blocks/plan.js';
import type { SlackDeps } from '../deps.js';
import { oneClickDecision } from './one-click.js';

/** Not an incident: a false positive. */
export function registerNotIncident(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(
    ACTION_IDS.notIncident,
    oneClickDecision(deps, 'not-an-incident', 'mark a recommendation not an incident'),
  );
}
