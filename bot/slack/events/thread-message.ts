import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { answerInThread, recommendationOfThread } from './ask.js';

/** Message subtypes that are still a person writing in the thread: "also send to channel", a file with a comment. */
const ASKING_SUBTYPES = new Set(['thread_broadcast', 'file_share']);

/**
 * Plain replies in a recommendation's thread go to the question handler (also when sent to the
 * channel too, or with a file). Replies that @mention Headroom are left to the app_mention
 * listener, so nothing is answered twice; edits, deletions and bots' messages are not questions.
 */
export function threadMessageEvent(deps: SlackDeps) {
  return async ({ event, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    if (event.subtype !== undefined && !ASKING_SUBTYPES.has(event.subtype)) return;
    if (!('thread_ts' in event) || !event.thread_ts || event.thread_ts === event.ts) return;
    if (!('user' in event) || !event.user || ('bot_id' in event && event.bot_id)) return;
    const text = ('text' in event ? event.text : undefined) ?? '';
    if (context.botUserId && text.includes(`<@${context.botUserId}>`)) return;
    const recommendation = recommendationOfThread(deps, event.channel, event.thread_ts);
    if (!recommendation) return;
    try {
      await answerInThread(deps, {
        channel: event.channel,
        threadTs: event.thread_ts,
        userId: event.user,
        text,
        recommendation,
      });
    } catch (err) {
      deps.log.error({ err }, 'answering a thread reply failed');
    }
  };
}

export function registerThreadMessage(app: App, deps: SlackDeps): void {
  app.event('message', threadMessageEvent(deps));
}
