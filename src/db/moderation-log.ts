/**
 * The moderation log: who asked what, where, and what the bot replied, for each server's
 * moderators (/log). Unlike the feedback table it keeps user ids, so it is scoped per server and
 * rows older than the retention period are deleted: on start, and whenever the log is written or read.
 */
import type { Statement } from "better-sqlite3";
import type { Connection } from "./database.js";

export interface LogEntry {
  guildId: string;
  /** The channel or thread it was asked in. */
  channelId: string | null;
  userId: string;
  /** How it was asked: "ask", "debate", "search" or "mention". */
  command: string;
  question: string;
  /** A one-line summary of the reply, e.g. the short answer and the first citation. */
  reply: string;
}

export interface LoggedEntry extends LogEntry {
  at: Date;
}

interface Row {
  at: string;
  guild_id: string;
  channel_id: string | null;
  user_id: string;
  command: string;
  question: string;
  reply: string;
}

const DAY_MS = 86_400_000;
/** Writing purges at most this often: retention is counted in days, and a burst of writes need not purge each time. */
const PURGE_EVERY_MS = 60_000;

export class ModerationLog {
  /** `retentionDays` 0 keeps nothing. `now` is for tests. */
  constructor(
    private readonly db: Connection,
    private readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private lastPurge = -Infinity;
  private insert: Statement | undefined;

  /** Deletes rows older than the retention period; returns how many. */
  purgeExpired(): number {
    this.lastPurge = this.now().getTime();
    const cutoff = new Date(this.now().getTime() - this.retentionDays * DAY_MS).toISOString();
    return this.db.prepare("DELETE FROM moderation_log WHERE at < ?").run(cutoff).changes;
  }

  record(entry: LogEntry): void {
    if (this.now().getTime() - this.lastPurge >= PURGE_EVERY_MS) this.purgeExpired();
    if (this.retentionDays === 0) return;
    this.insert ??= this.db.prepare(
      `INSERT INTO moderation_log (at, guild_id, channel_id, user_id, command, question, reply)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insert.run(this.now().toISOString(), entry.guildId, entry.channelId, entry.userId, entry.command, entry.question, entry.reply);
  }

  /** The server's latest `count` entries, newest first. */
  latest(guildId: string, count: number): LoggedEntry[] {
    this.purgeExpired();
    const rows = this.db
      .prepare(
        `SELECT at, guild_id, channel_id, user_id, command, question, reply FROM moderation_log
         WHERE guild_id = ? ORDER BY id DESC LIMIT ?`,
      )
      .all(guildId, count) as Row[];
    return rows.map((r) => ({
      at: new Date(r.at),
      guildId: r.guild_id,
      channelId: r.channel_id,
      userId: r.user_id,
      command: r.command,
      question: r.question,
      reply: r.reply,
    }));
  }
}
