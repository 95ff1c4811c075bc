import type { SqlDatabase } from './sql.js';
import * as check from './validate.js';
import { inWriteTransaction } from './write-transaction.js';

/** One question and Headroom's answer, as exchanged with Claude (already redacted). */
export interface ConversationTurn {
  id: number;
  atMs: number;
  question: string;
  answer: string;
}

/** A Slack thread as a conversation: the turns kept word for word and a summary of older ones. */
export interface Conversation {
  id: number;
  channel: string;
  threadTs: string;
  recommendationId: number | null;
  summary: string;
  /** How many turns the summary stands for. */
  foldedTurns: number;
  turns: ConversationTurn[];
}

export interface TurnInput {
  channel: string;
  threadTs: string;
  recommendationId?: number;
  atMs: number;
  question: string;
  answer: string;
}

/** Folds the oldest turns into the summary; must be deterministic for the same input. */
export type Summarise = (previousSummary: string, folded: readonly ConversationTurn[]) => string;

interface ConversationRow {
  id: number;
  channel: string;
  thread_ts: string;
  recommendation_id: number | null;
  summary: string;
  folded_turns: number;
}

/**
 * Claude's thread memory, bounded: after each answer the turns beyond keepTurns are folded into the
 * summary and deleted, in the same transaction. Bookkeeping, not audited (the audit log records decisions).
 */
export class Conversations {
  constructor(private readonly db: SqlDatabase) {}

  get(channel: string, threadTs: string): Conversation | undefined {
    const row = this.db
      .prepare<[string, string], ConversationRow>('SELECT * FROM conversations WHERE channel = ? AND thread_ts = ?')
      .get(check.text('channel', channel), check.text('threadTs', threadTs));
    if (!row) return undefined;
    const turns = this.db
      .prepare<[number], { id: number; at_ms: number; question: string; answer: string }>(
        'SELECT id, at_ms, question, answer FROM conversation_turns WHERE conversation_id = ? ORDER BY id',
      )
      .all(row.id)
      .map((t) => ({ id: t.id, atMs: t.at_ms, question: t.question, answer: t.answer }));
    return {
      id: row.id,
      channel: row.channel,
      threadTs: row.thread_ts,
      recommendationId: row.recommendation_id,
      summary: row.summary,
      foldedTurns: row.folded_turns,
      turns,
    };
  }

  /** Appends a turn, then folds all but the newest keepTurns into the summary. */
  append(input: TurnInput, keepTurns: number, summarise: Summarise): Conversation {
    const channel = check.text('channel', input.channel);
    const threadTs = check.text('threadTs', input.threadTs);
    const atMs = check.epochMs('atMs', input.atMs);
    const keep = check.nonNegativeInteger('keepTurns', keepTurns);
    const recommendationId = check.optional(input.recommendationId, (v) => check.recordId('recommendationId', v));
    if (typeof input.question !== 'string' || typeof input.answer !== 'string')
      throw check.invalid('question and answer must be strings');
    inWriteTransaction(this.db, () => {
      this.db
        .prepare(
          `INSERT INTO conversations (channel, thread_ts, recommendation_id, created_at_ms, updated_at_ms)
           VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (channel, thread_ts) DO UPDATE SET updated_at_ms = excluded.updated_at_ms,
             recommendation_id = coalesce(conversations.recommendation_id, excluded.recommendation_id)`,
        )
        .run(channel, threadTs, recommendationId, atMs, atMs);
      const conversation = this.get(channel, threadTs)!;
      this.db
        .prepare('INSERT INTO conversation_turns (conversation_id, at_ms, question, answer) VALUES (?, ?, ?, ?)')
        .run(conversation.id, atMs, input.question, input.answer);
      const turns = this.get(channel, threadTs)!.turns;
      const folded = turns.slice(0, Math.max(0, turns.length - keep));
      if (folded.length === 0) return;
      this.db
        .prepare('UPDATE conversations SET summary = ?, folded_turns = folded_turns + ? WHERE id = ?')
        .run(summarise(conversation.summary, folded), folded.length, conversation.id);
      const remove = this.db.prepare('DELETE FROM conversation_turns WHERE id = ?');
      for (const t of folded) remove.run(t.id);
    });
    return this.get(channel, threadTs)!;
  }
}
