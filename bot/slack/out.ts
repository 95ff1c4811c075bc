import { RateLimits } from './rate-tiers.js';
import type { KnownBlock, View, WebClient } from './slack-types.js';

export interface MessageContent {
  text: string;
  blocks?: KnownBlock[];
}

export interface PngUpload {
  channel: string;
  threadTs?: string;
  filename: string;
  title: string;
  png: Buffer;
  comment?: string;
}

/**
 * Every Web API call Headroom makes, each behind the limiter of its rate tier. The WebClient itself
 * honours Retry-After on 429 and retries 5xx with backoff (see the retryConfig set in app.ts).
 */
/** Slack's error code of a failed Web API call ("missing_scope", "expired_trigger_id"), else the error's name. */
export function slackErrorCode(err: unknown): string {
  return (err as { data?: { error?: string } })?.data?.error ?? (err as Error)?.name ?? 'error';
}

export class SlackOut {
  constructor(
    readonly client: WebClient,
    readonly limits: RateLimits = new RateLimits(),
  ) {}

  async postMessage(
    channel: string,
    content: MessageContent,
    threadTs?: string,
  ): Promise<{ channel: string; ts: string }> {
    const res = await this.limits.forChannel(channel).schedule(() =>
      this.client.chat.postMessage({
        channel,
        text: content.text,
        ...(content.blocks ? { blocks: content.blocks } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
      }),
    );
    return { channel: res.channel ?? channel, ts: res.ts! };
  }

  async update(channel: string, ts: string, content: MessageContent): Promise<void> {
    await this.limits
      .forMethod('chat.update')
      .schedule(() => this.client.chat.update({ channel, ts, text: content.text, blocks: content.blocks ?? [] }));
  }

  /** Deletes one of the bot's own messages. */
  async delete(channel: string, ts: string): Promise<void> {
    await this.limits.forMethod('chat.delete').schedule(() => this.client.chat.delete({ channel, ts }));
  }

  async postEphemeral(channel: string, user: string, text: string, threadTs?: string): Promise<void> {
    await this.limits
      .forMethod('chat.postEphemeral')
      .schedule(() =>
        this.client.chat.postEphemeral({ channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) }),
      );
  }

  async openView(triggerId: string, view: View): Promise<void> {
    await this.limits.forMethod('views.open').schedule(() => this.client.views.open({ trigger_id: triggerId, view }));
  }

  /** files.getUploadURLExternal → upload → files.completeUploadExternal, shared in the channel or thread. */
  async uploadPng(upload: PngUpload): Promise<void> {
    const { png, ...meta } = upload;
    await this.uploadFile(png, meta);
  }

  /** A text document (e.g. a Markdown postmortem) as a file in the channel or thread, same upload flow as PNGs. */
  async uploadText(upload: Omit<PngUpload, 'png'> & { content: string }): Promise<void> {
    const { content, ...meta } = upload;
    await this.uploadFile(Buffer.from(content, 'utf8'), meta);
  }

  private async uploadFile(file: Buffer, meta: Omit<PngUpload, 'png'>): Promise<void> {
    const common = {
      file,
      filename: meta.filename,
      title: meta.title,
      ...(meta.comment ? { initial_comment: meta.comment } : {}),
    };
    await this.limits
      .forMethod('files.upload')
      .schedule(() =>
        meta.threadTs
          ? this.client.filesUploadV2({ ...common, channel_id: meta.channel, thread_ts: meta.threadTs })
          : this.client.filesUploadV2({ ...common, channel_id: meta.channel }),
      );
  }

  /** One message of a conversation (a thread reply or its parent) by its ts, or null when Slack has none. */
  async messageAt(channel: string, ts: string): Promise<{ user?: string; text: string; threadTs?: string } | null> {
    const res = await this.limits
      .forMethod('conversations.replies')
      .schedule(() => this.client.conversations.replies({ channel, ts, limit: 200 }));
    const m = res.messages?.find((x) => x.ts === ts);
    if (!m) return null;
    return {
      ...(m.user ? { user: m.user } : {}),
      text: m.text ?? '',
      ...(m.thread_ts ? { threadTs: m.thread_ts } : {}),
    };
  }

  async usergroupMembers(usergroup: string): Promise<string[]> {
    const res = await this.limits
      .forMethod('usergroups.users.list')
      .schedule(() => this.client.usergroups.users.list({ usergroup }));
    return res.users ?? [];
  }

  stop(): Promise<void> {
    return this.limits.stop();
  }
}
