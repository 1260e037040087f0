/**
 * The recent questions asked in each thread the bot started, so that a follow-up such as "what
 * about gas?" is read with the thread's earlier questions as context, also after a restart.
 * A row is the thread's id, when and what was asked: no user ids.
 *
 * Bounded three ways: the last QUESTIONS_PER_THREAD questions of a thread, QUESTIONS_IN_ALL across
 * threads (the oldest go first), and the moderation log's retention, LOG_RETENTION_DAYS: older
 * rows are deleted on start and whenever the history is written or read.
 *
 * LOG_RETENTION_DAYS=0 keeps nothing on disk, as it does for the moderation log: the history then
 * lives in an in-memory database of the same schema (same code, same bounds), so follow-ups still
 * work until the bot stops and start without context after a restart; rows an earlier setting left
 * in the file are deleted.
 */
import type { Statement } from "better-sqlite3";
import { openMemoryDatabase, type Connection } from "./database.js";

/** The engine reads only the last few; more would just take space. */
export const QUESTIONS_PER_THREAD = 10;
/** About a thousand busy threads' worth. */
export const QUESTIONS_IN_ALL = 10_000;

const DAY_MS = 86_400_000;

export class ThreadHistory {
  /** Where the questions are kept: the database file, or memory when retention is 0. */
  private readonly store: Connection;
  private readonly purge: Statement<[string]>;
  private readonly insert: Statement<[string, string, string]>;
  /** The thread's oldest beyond its last QUESTIONS_PER_THREAD (the subquery is NULL, deleting nothing, while it has fewer). */
  private readonly trimThread: Statement<[string, string, number]>;
  /** Ids only grow while rows are kept, so deleting up to the newest id less QUESTIONS_IN_ALL leaves at most that many. */
  private readonly trimAll: Statement<[bigint]>;
  private readonly select: Statement<[string], string>;

  /** `db` is the bot's database file; `retentionDays` 0 keeps the history in memory only. `now` is for tests. */
  constructor(
    private readonly db: Connection,
    private readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.store = retentionDays > 0 ? db : openMemoryDatabase();
    // With retention 0 every row in the file goes, including one written this very millisecond.
    this.purge = db.prepare(retentionDays > 0 ? "DELETE FROM thread_questions WHERE asked_at < ?" : "DELETE FROM thread_questions WHERE ? IS NOT NULL");
    this.insert = this.store.prepare("INSERT INTO thread_questions (thread_id, asked_at, question) VALUES (?, ?, ?)");
    this.trimThread = this.store.prepare(
      `DELETE FROM thread_questions WHERE thread_id = ? AND id <= (
         SELECT id FROM thread_questions WHERE thread_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    );
    this.trimAll = this.store.prepare("DELETE FROM thread_questions WHERE id <= ?");
    this.select = this.store.prepare<[string], string>("SELECT question FROM thread_questions WHERE thread_id = ? ORDER BY id").pluck();
  }

  /** Deletes the file's rows older than the retention period (all of them when it is 0); returns how many. */
  purgeExpired(): number {
    return this.purge.run(new Date(this.now().getTime() - this.retentionDays * DAY_MS).toISOString()).changes;
  }

  /** Adds a question to the thread's history, dropping what falls outside the bounds. */
  record(threadId: string, question: string): void {
    this.purgeExpired();
    this.store.transaction(() => {
      const { lastInsertRowid } = this.insert.run(threadId, this.now().toISOString(), question);
      this.trimThread.run(threadId, threadId, QUESTIONS_PER_THREAD);
      this.trimAll.run(BigInt(lastInsertRowid) - BigInt(QUESTIONS_IN_ALL));
    })();
  }

  /** The thread's kept questions, oldest first; empty for a thread the bot knows nothing of. */
  recent(threadId: string): string[] {
    this.purgeExpired();
    return this.select.all(threadId);
  }

  /** Closes the in-memory store, if any; the file's connection belongs to the caller. */
  close(): void {
    if (this.store !== this.db) this.store.close();
  }
}
