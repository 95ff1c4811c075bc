import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../deps.js';
import { answerInThread, recommendationOfThread } from './ask.js';

/** @Headroom … anywhere: the question handler answers in the thread (started here if need be). */
export function appMentionEvent(deps: SlackDeps) {
  return async ({ event }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    if (!event.user) return;
    const threadTs = event.thread_ts ?? event.ts;
    const recommendation = event.thread_ts ? recommendationOfThread(deps, event.channel, event.thread_ts) : undefined;
    try {
      await answerInThread(deps, {
        channel: event.channel,
        threadTs,
        userId: event.user,
        text: event.text,
        recommendation,
      });
    } catch (err) {
      deps.log.error({ err }, 'answering a mention failed');
    }
  };
}

export function registerAppMention(app: App, deps: SlackDeps): void {
  app.event('app_mention', appMentionEvent(deps));
}
