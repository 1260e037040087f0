import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DB_FILE, openDatabase } from "../src/db/database.js";
import { CorruptDatabaseError, FeedbackDb, normalizeQuestion } from "../src/db/feedback-db.js";
import { createLogger } from "../src/log.js";
import { printReport } from "../src/terminal/report.js";

let dir: string;
let logged: string[];
const log = () =>
  createLogger("warn", {
    destination: new Writable({
      write(chunk, _enc, done) {
        logged.push(String(chunk));
        done();
      },
    }),
  });

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "footnote-db-"));
  logged = [];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const openFeedback = (dataDir: string) => new FeedbackDb(openDatabase(dataDir, log()));

function report(dataDir = dir): string {
  let text = "";
  printReport(dataDir, new Writable({ write: (c, _e, done) => ((text += String(c)), done()) }));
  return text;
}

describe("FeedbackDb", () => {
  it("creates the folder and the database when they are missing", () => {
    const dataDir = path.join(dir, "nested", "data");
    const db = openFeedback(dataDir);
    expect(db.recordQuestion({ question: "Who?", abstained: false, source: "slash" })).toBe(1);
    db.close();
    expect(fs.existsSync(path.join(dataDir, DB_FILE))).toBe(true);
    expect(logged).toEqual([]);
  });

  it("moves a corrupt file aside with a warning and starts a new database", () => {
    fs.writeFileSync(path.join(dir, DB_FILE), "this is not a database, just some text that is long enough ".repeat(20));
    const db = openFeedback(dir);
    expect(db.recordQuestion({ question: "Still works?", abstained: false, source: "mention" })).toBe(1);
    db.close();
    expect(logged.join("")).toMatch(/corrupt.*Moved it to/);
    expect(fs.readdirSync(dir).some((f) => f.startsWith(`${DB_FILE}.corrupt-`))).toBe(true);
  });

  it("counts questions by their words, keeping the latest phrasing", () => {
    const db = openFeedback(dir);
    db.recordQuestion({ question: "When was the embassy opened?", abstained: false, source: "slash" });
    db.recordQuestion({ question: "when was the embassy opened", abstained: false, source: "mention" });
    db.recordQuestion({ question: "What is the capital of France?", abstained: true, source: "slash" });
    expect(db.mostAsked(5)).toMatchObject([
      { question: "when was the embassy opened", count: 2 },
      { question: "What is the capital of France?", count: 1 },
    ]);
    expect(db.unanswered(5)).toMatchObject([{ question: "What is the capital of France?", count: 1 }]);
    db.close();
  });

  it("keeps one vote per user and answer, the latest, and refuses votes on unknown questions", () => {
    const db = openFeedback(dir);
    const id = db.recordQuestion({ question: "Which oil?", abstained: false, source: "slash" });
    expect(db.recordVote(id, "u1", "up")).toBe(true);
    expect(db.recordVote(id, "u1", "down")).toBe(true);
    expect(db.recordVote(id, "u2", "down")).toBe(true);
    expect(db.recordVote(id, "u3", "up")).toBe(true);
    expect(db.recordVote(999, "u1", "down")).toBe(false);
    expect(db.downVoted(5)).toMatchObject([{ question: "Which oil?", down: 2, up: 1 }]);
    db.close();
  });

  it("normalizes case, punctuation and spacing", () => {
    expect(normalizeQuestion("  When was   the embassy opened?! ")).toBe("when was the embassy opened");
  });
});

describe("printReport", () => {
  it("says so when nothing was recorded yet, without creating a database", () => {
    expect(report()).toMatch(/No questions recorded yet/);
    expect(fs.existsSync(path.join(dir, DB_FILE))).toBe(false);
  });

  it("lists the most asked, the unanswered and the down-voted questions", () => {
    const db = openFeedback(dir);
    for (let i = 0; i < 3; i++) db.recordQuestion({ question: "When was the embassy opened?", abstained: false, source: "slash" });
    const off = db.recordQuestion({ question: "What is the capital of France?", abstained: true, source: "slash" });
    db.recordVote(off, "u1", "down");
    db.close();
    expect(report()).toBe(
      [
        "Most asked questions",
        "  3  When was the embassy opened?",
        "  1  What is the capital of France?",
        "",
        "Unanswered (the papers did not cover them)",
        "  1  What is the capital of France?",
        "",
        "Down-voted answers",
        "  1 down, 0 up  What is the capital of France?",
        "",
      ].join("\n"),
    );
  });

  it("reports a corrupt database instead of crashing", () => {
    fs.writeFileSync(path.join(dir, DB_FILE), "garbage ".repeat(100));
    expect(report()).toMatch(/is corrupt.*replaces it/);
    expect(() => FeedbackDb.openForReading(dir)).toThrow(CorruptDatabaseError);
  });
});
