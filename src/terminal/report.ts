/** `npm run report`: what people ask the bot, what the papers could not answer, and which answers readers disliked. */
import { CorruptDatabaseError, FeedbackDb, type QuestionCount, type VotedQuestion } from "../db/feedback-db.js";

export interface ReportOptions {
  /** Rows per list. */
  limit?: number;
}

function countRows(rows: QuestionCount[]): string[] {
  const width = String(rows[0]?.count ?? 0).length;
  return rows.map((r) => `  ${String(r.count).padStart(width)}  ${oneLine(r.question)}`);
}

function voteRows(rows: VotedQuestion[]): string[] {
  return rows.map((r) => `  ${r.down} down, ${r.up} up  ${oneLine(r.question)}`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function section(title: string, rows: string[]): string {
  return [title, ...(rows.length ? rows : ["  (none)"]), ""].join("\n");
}

/** Prints the report to `out`; reads the database without changing it. */
export function printReport(dataDir: string, out: NodeJS.WritableStream, opts: ReportOptions = {}): void {
  const limit = opts.limit ?? 10;
  let db: FeedbackDb | undefined;
  try {
    db = FeedbackDb.openForReading(dataDir);
  } catch (err) {
    if (!(err instanceof CorruptDatabaseError)) throw err;
    out.write(`${err.message} The bot replaces it with a new one when it next starts.\n`);
    return;
  }
  if (!db) {
    out.write(`No questions recorded yet: there is no database in ${dataDir}.\n`);
    return;
  }
  try {
    out.write(
      [
        section("Most asked questions", countRows(db.mostAsked(limit))),
        section("Unanswered (the papers did not cover them)", countRows(db.unanswered(limit))),
        section("Down-voted answers", voteRows(db.downVoted(limit))),
      ].join("\n"),
    );
  } finally {
    db.close();
  }
}
