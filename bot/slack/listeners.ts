import type { App } from '@slack/bolt';
import { registerDeclareIncident } from './actions/declare-incident.js';
import { registerFollow } from './actions/follow.js';
import { registerNotIncident } from './actions/not-incident.js';
import { registerOverrideOpen } from './actions/override-open.js';
import { registerSnoozeOpen } from './actions/snooze-open.js';
import { registerCapacity } from './commands/capacity.js';
import { registerFailover } from './commands/failover.js';
import type { SlackDeps } from './deps.js';
import { registerAppMention } from './events/app-mention.js';
import { registerPinReaction } from './events/pin-reaction.js';
import { registerThreadMessage } from './events/thread-message.js';
import { registerOverrideSubmit } from './views/override-submit.js';
import { registerSnoozeSubmit } from './views/snooze-submit.js';

/** Every listener, one file each. A new command, action, view or event is one line here. */
const LISTENERS: ((app: App, deps: SlackDeps) => void)[] = [
  registerFailover,
  registerCapacity,
  registerFollow,
  registerOverrideOpen,
  registerNotIncident,
  registerOverrideSubmit,
  registerDeclareIncident,
  registerSnoozeOpen,
  registerSnoozeSubmit,
  registerAppMention,
  registerThreadMessage,
  registerPinReaction,
];

export function registerListeners(app: App, deps: SlackDeps): void {
  for (const register of LISTENERS) register(app, deps);
}
