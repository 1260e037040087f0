/**
 * Feedback: which questions were asked, whether the papers answered them, and readers' 👍/👎 votes.
 * Questions are kept without who asked them, and indefinitely, for `npm run report`; the moderation
 * log (moderation-log.ts) is the record with user ids, and it expires.
 */
import type { Statement } from "better-sqlite3";
import { openDatabaseForReading, type Connection } from "./database.js";

// The report meets a damaged file through this module.
export { CorruptDatabaseError } from "./database.js";

export type QuestionSource = "slash" | "mention";
export type Vote = "up" | "down";

export interface AskedQuestion {
  question: string;
  abstained: boolean;
  source: QuestionSource;
  /** Given by nextQuestionId() when the row is written later (writer.ts); else the database picks it. */
  id?: number;
  /** The server it was answered in: only votes from there count. */
  guildId?: string | null;
}

/** One question as people phrased it most recently, with how often it (or the same words) came up. */
export interface QuestionCount {
  question: string;
  count: number;
}

export interface VotedQuestion {
  question: string;
  down: number;
  up: number;
}

/** Case, punctuation and spacing aside, two questions with the same words count as one. */
export function normalizeQuestion(question: string): string {
  return question
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export class FeedbackDb {
  private lastId: number | undefined;
  /** Prepared once: the bot writes a question for every answer. */
  private readonly statements = new Map<string, Statement>();

  /** On a connection from openDatabase, which the bot shares with its other tables. */
  constructor(private readonly db: Connection) {}

  /**
   * An id for a question whose row is written later, so its vote buttons can go out at once.
   * Only this process writes questions, so counting on from the largest id on file is safe.
   */
  nextQuestionId(): number {
    this.lastId ??= this.db.prepare("SELECT coalesce(max(id), 0) FROM questions").pluck().get() as number;
    return ++this.lastId;
  }

  /** The server a recorded question was answered in (null if not known); undefined for no such question. */
  questionGuild(questionId: number): string | null | undefined {
    const row = this.db.prepare("SELECT guild_id FROM questions WHERE id = ?").get(questionId) as { guild_id: string | null } | undefined;
    return row?.guild_id;
  }

  /** Read-only, for reports; undefined when the bot has not created the database yet. Throws CorruptDatabaseError. */
  static openForReading(dataDir: string): FeedbackDb | undefined {
    const db = openDatabaseForReading(dataDir);
    return db && new FeedbackDb(db);
  }

  private statement(sql: string): Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) this.statements.set(sql, (prepared = this.db.prepare(sql)));
    return prepared;
  }

  /** Returns the question's id, which feedback buttons carry. */
  recordQuestion(q: AskedQuestion): number {
    const result = this.statement("INSERT INTO questions (id, source, question, normalized, abstained, guild_id) VALUES (?, ?, ?, ?, ?, ?)").run(q.id ?? null, q.source, q.question, normalizeQuestion(q.question), q.abstained ? 1 : 0, q.guildId ?? null);
    return Number(result.lastInsertRowid);
  }

  /**
   * A user's later vote on the same answer replaces the earlier one. False when the question is
   * unknown, or, with `guildId`, was answered in another server.
   */
  recordVote(questionId: number, userId: string, vote: Vote, guildId?: string): boolean {
    const result = this.statement(
      `INSERT INTO votes (question_id, user_id, vote)
         SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM questions WHERE id = ? AND (? IS NULL OR guild_id = ?))
       ON CONFLICT (question_id, user_id) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at`,
    ).run(questionId, userId, vote === "up" ? 1 : -1, questionId, guildId ?? null, guildId ?? null);
    return result.changes > 0;
  }

  // In the queries below, SQLite takes the bare `question` column from the row holding max(id):
  // the latest phrasing of each group.

  mostAsked(limit: number): QuestionCount[] {
    return this.db
      .prepare(
        `SELECT question, max(id) AS latest, count(*) AS count FROM questions
         GROUP BY normalized ORDER BY count DESC, latest DESC LIMIT ?`,
      )
      .all(limit) as QuestionCount[];
  }

  unanswered(limit: number): QuestionCount[] {
    return this.db
      .prepare(
        `SELECT question, max(id) AS latest, count(*) AS count FROM questions WHERE abstained = 1
         GROUP BY normalized ORDER BY count DESC, latest DESC LIMIT ?`,
      )
      .all(limit) as QuestionCount[];
  }

  downVoted(limit: number): VotedQuestion[] {
    return this.db
      .prepare(
        `SELECT q.question, max(q.id) AS latest, sum(v.vote = -1) AS down, sum(v.vote = 1) AS up
         FROM votes v JOIN questions q ON q.id = v.question_id
         GROUP BY q.normalized HAVING down > 0 ORDER BY down DESC, up ASC, latest DESC LIMIT ?`,
      )
      .all(limit) as VotedQuestion[];
  }

  /** Closes the connection: only for a FeedbackDb from openForReading(), which owns its own. */
  close(): void {
    this.db.close();
  }
}
