/**
 * The bot's local record, in SQLite under DATA_DIR: which questions were asked, whether the papers
 * answered them, and readers' 👍/👎 votes. Nothing else is kept (no user ids with questions).
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Logger } from "../log.js";

export const DB_FILE = "footnote.sqlite";
const SCHEMA_VERSION = 1;

export type QuestionSource = "slash" | "mention";
export type Vote = "up" | "down";

export interface AskedQuestion {
  question: string;
  abstained: boolean;
  source: QuestionSource;
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

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    asked_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    source TEXT NOT NULL CHECK (source IN ('slash', 'mention')),
    question TEXT NOT NULL,
    normalized TEXT NOT NULL,
    abstained INTEGER NOT NULL CHECK (abstained IN (0, 1))
  );
  CREATE INDEX IF NOT EXISTS questions_normalized ON questions (normalized);
  CREATE TABLE IF NOT EXISTS votes (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    voted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (question_id, user_id)
  );
`;

/** Case, punctuation and spacing aside, two questions with the same words count as one. */
export function normalizeQuestion(question: string): string {
  return question
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The file is not a usable SQLite database; recreating it is the only repair. */
export class CorruptDatabaseError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`The feedback database ${file} is corrupt (${reason}).`);
    this.name = "CorruptDatabaseError";
  }
}

/** SQLite's own verdicts on a damaged file; other errors (permissions, a full disk) are not repaired by recreating. */
function isCorruption(err: unknown): err is InstanceType<typeof Database.SqliteError> {
  return err instanceof Database.SqliteError && ["SQLITE_CORRUPT", "SQLITE_NOTADB"].includes(err.code);
}

function openChecked(file: string, options: Database.Options = {}): Database.Database {
  const db = new Database(file, options);
  try {
    const verdict = db.pragma("quick_check", { simple: true });
    if (verdict !== "ok") throw new CorruptDatabaseError(file, `quick_check: ${String(verdict)}`);
    return db;
  } catch (err) {
    db.close();
    throw isCorruption(err) ? new CorruptDatabaseError(file, err.message) : err;
  }
}

/** Keeps the damaged file for inspection under a new name, and drops its journal files. */
function moveAside(file: string): string {
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  fs.renameSync(file, aside);
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  return aside;
}

export class FeedbackDb {
  private constructor(private readonly db: Database.Database) {}

  /** Opens or creates the database; a corrupt one is moved aside and replaced, with a warning. */
  static open(dataDir: string, log: Logger): FeedbackDb {
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, DB_FILE);
    let db: Database.Database;
    try {
      db = openChecked(file);
    } catch (err) {
      if (!(err instanceof CorruptDatabaseError)) throw err;
      const aside = moveAside(file);
      log.warn(`${err.message} Moved it to ${aside} and started a new one.`);
      db = openChecked(file);
    }
    migrate(db);
    return new FeedbackDb(db);
  }

  /** Read-only, for reports; undefined when the bot has not created the database yet. Throws CorruptDatabaseError. */
  static openForReading(dataDir: string): FeedbackDb | undefined {
    const file = path.join(dataDir, DB_FILE);
    if (!fs.existsSync(file)) return undefined;
    return new FeedbackDb(openChecked(file, { readonly: true, fileMustExist: true }));
  }

  /** Returns the question's id, which feedback buttons carry. */
  recordQuestion(q: AskedQuestion): number {
    const result = this.db
      .prepare("INSERT INTO questions (source, question, normalized, abstained) VALUES (?, ?, ?, ?)")
      .run(q.source, q.question, normalizeQuestion(q.question), q.abstained ? 1 : 0);
    return Number(result.lastInsertRowid);
  }

  /** A user's later vote on the same answer replaces the earlier one. False when the question is unknown. */
  recordVote(questionId: number, userId: string, vote: Vote): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO votes (question_id, user_id, vote)
           SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM questions WHERE id = ?)
         ON CONFLICT (question_id, user_id) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at`,
      )
      .run(questionId, userId, vote === "up" ? 1 : -1, questionId);
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

  close(): void {
    this.db.close();
  }
}

function migrate(db: Database.Database): void {
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`The feedback database was written by a newer footnote (schema ${version}); update footnote.`);
  }
  db.exec(SCHEMA);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}
