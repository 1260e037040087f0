import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DB_FILE, openDatabase, type Connection } from "../src/db/database.js";
import { MIGRATIONS } from "../src/db/migrations.js";
import { ModerationLog } from "../src/db/moderation-log.js";
import { ServerSettingsDb } from "../src/db/server-settings.js";
import { QUESTIONS_IN_ALL, QUESTIONS_PER_THREAD, ThreadHistory } from "../src/db/thread-history.js";
import { createLogger } from "../src/log.js";

const T1 = "300000000000000001";
const T2 = "300000000000000002";
const GUILD = "100000000000000001";

let dir: string;
let logged: string[];
const open: Connection[] = [];
const histories: ThreadHistory[] = [];

function connect(): Connection {
  const log = createLogger("warn", { destination: new Writable({ write: (c, _e, done) => (logged.push(String(c)), done()) }) });
  const db = openDatabase(dir, log);
  open.push(db);
  return db;
}

function history(db: Connection, retentionDays = 30, now?: () => Date): ThreadHistory {
  const h = new ThreadHistory(db, retentionDays, now);
  histories.push(h);
  return h;
}

const rowsOnDisk = (db: Connection) => db.prepare("SELECT count(*) FROM thread_questions").pluck().get();

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "footnote-threaddb-"));
  logged = [];
});
afterEach(() => {
  for (const h of histories.splice(0)) h.close();
  for (const db of open.splice(0)) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("ThreadHistory", () => {
  it("keeps each thread's last ten questions, oldest first, across a restart", () => {
    const first = connect();
    const threads = history(first);
    for (let i = 1; i <= 12; i++) threads.record(T1, `q${i}`);
    threads.record(T2, "other");
    const lastTen = Array.from({ length: QUESTIONS_PER_THREAD }, (_, i) => `q${i + 3}`);
    expect(threads.recent(T1)).toEqual(lastTen);
    expect(threads.recent("unknown")).toEqual([]);
    first.close();

    const again = history(connect());
    expect(again.recent(T1)).toEqual(lastTen);
    expect(again.recent(T2)).toEqual(["other"]);
  });

  it("stores when and what was asked in which thread, and nobody's id", () => {
    const columns = connect().prepare("SELECT name FROM pragma_table_info('thread_questions')").pluck().all();
    expect(columns).toEqual(["id", "thread_id", "asked_at", "question"]);
  });

  it("deletes questions older than the retention period", () => {
    let now = new Date("2025-01-01T00:00:00Z");
    const db = connect();
    const threads = history(db, 7, () => now);
    threads.record(T1, "How large are the oil reserves?");
    now = new Date("2025-01-05T00:00:00Z");
    threads.record(T1, "what about gas?");
    threads.record(T2, "and pipelines?");
    now = new Date("2025-01-09T00:00:00Z");
    expect(threads.recent(T1)).toEqual(["what about gas?"]);
    now = new Date("2025-01-20T00:00:00Z");
    expect(threads.purgeExpired()).toBe(2);
    expect(rowsOnDisk(db)).toBe(0);
  });

  it("keeps nothing on disk when retention is 0, remembering only until it stops", () => {
    const db = connect();
    history(db, 30).record(T1, "left by an earlier setting");
    const threads = history(db, 0);
    expect(threads.purgeExpired()).toBe(1);
    threads.record(T1, "How large are the oil reserves?");
    expect(threads.recent(T1)).toEqual(["How large are the oil reserves?"]);
    expect(rowsOnDisk(db)).toBe(0);
    threads.close();
    expect(history(db, 0).recent(T1)).toEqual([]);
  });

  it("keeps at most QUESTIONS_IN_ALL questions across threads, dropping the oldest", () => {
    // In memory (retention 0), which runs the same code, so that ten thousand writes are quick.
    const threads = history(connect(), 0);
    for (let i = 0; i < QUESTIONS_IN_ALL + 5; i++) threads.record(`thread-${Math.floor(i / 5)}`, `q${i}`);
    expect(threads.recent("thread-0")).toEqual([]);
    expect(threads.recent("thread-1")).toEqual(["q5", "q6", "q7", "q8", "q9"]);
    expect(threads.recent(`thread-${QUESTIONS_IN_ALL / 5}`)).toEqual(["q10000", "q10001", "q10002", "q10003", "q10004"]);
  });

  it("starts empty, with the usual warning, when the file was corrupt", () => {
    const first = connect();
    history(first).record(T1, "q1");
    first.close();
    fs.writeFileSync(path.join(dir, DB_FILE), "not a database ".repeat(100));
    expect(history(connect()).recent(T1)).toEqual([]);
    expect(logged.join("")).toMatch(/corrupt.*Moved it to.*thread history start empty/);
  });
});

describe("migrating to the thread history", () => {
  it("brings a schema-2 file forward, keeping its settings and moderation log", () => {
    const old = new Database(path.join(dir, DB_FILE));
    for (const step of MIGRATIONS.slice(0, 2)) old.exec(step);
    old.prepare("INSERT INTO server_settings (guild_id, cooldown_seconds) VALUES (?, 30)").run(GUILD);
    old
      .prepare("INSERT INTO moderation_log (at, guild_id, channel_id, user_id, command, question, reply) VALUES (?, ?, 'c', 'u', 'ask', 'Who?', 'r')")
      .run(new Date().toISOString(), GUILD);
    old.pragma("user_version = 2");
    old.close();

    const db = connect();
    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(3);
    expect(new ServerSettingsDb(db).get(GUILD).cooldownSeconds).toBe(30);
    expect(new ModerationLog(db, 30).latest(GUILD, 10).map((e) => e.question)).toEqual(["Who?"]);
    const threads = history(db);
    expect(threads.recent(T1)).toEqual([]);
    threads.record(T1, "what about gas?");
    expect(threads.recent(T1)).toEqual(["what about gas?"]);
  });
});
