import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DB_FILE, openDatabase, type Connection } from "../src/db/database.js";
import { MIGRATIONS } from "../src/db/migrations.js";
import { ModerationLog, type LogEntry } from "../src/db/moderation-log.js";
import { DEFAULT_SETTINGS, ServerSettingsDb } from "../src/db/server-settings.js";
import { createLogger } from "../src/log.js";

const G1 = "100000000000000001";
const G2 = "100000000000000002";

let dir: string;
let logged: string[];
const open: Connection[] = [];

function connect(): Connection {
  const log = createLogger("warn", { destination: new Writable({ write: (c, _e, done) => (logged.push(String(c)), done()) }) });
  const db = openDatabase(dir, log);
  open.push(db);
  return db;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "footnote-moddb-"));
  logged = [];
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("migrations", () => {
  it("brings a schema-1 file forward, keeping its questions", () => {
    const old = new Database(path.join(dir, DB_FILE));
    old.exec(MIGRATIONS[0]!);
    old.prepare("INSERT INTO questions (source, question, normalized, abstained) VALUES ('slash', 'Who?', 'who', 0)").run();
    old.pragma("user_version = 1");
    old.close();

    const db = connect();
    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT question FROM questions").pluck().all()).toEqual(["Who?"]);
    expect(new ServerSettingsDb(db).get(G1)).toEqual(DEFAULT_SETTINGS);
  });

  it("refuses a file from a newer footnote rather than guessing at it", () => {
    const newer = new Database(path.join(dir, DB_FILE));
    newer.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    newer.close();
    expect(() => connect()).toThrow(/newer footnote/);
  });
});

describe("ServerSettingsDb", () => {
  it("gives the defaults for a server nobody configured", () => {
    expect(new ServerSettingsDb(connect()).get(G1)).toEqual({ channels: [], debateRoles: [], libraryRoles: [], cooldownSeconds: 0, answersPerMinute: 0, mentions: true });
  });

  it("keeps each server's settings apart, and across a restart", () => {
    const first = connect();
    const settings = new ServerSettingsDb(first);
    settings.set(G1, "cooldownSeconds", 30);
    settings.set(G1, "answersPerMinute", 20);
    settings.set(G1, "mentions", false);
    settings.set(G1, "cooldownSeconds", 45);
    expect(settings.add(G1, "channels", "c2")).toBe(true);
    expect(settings.add(G1, "channels", "c1")).toBe(true);
    expect(settings.add(G1, "channels", "c1")).toBe(false);
    expect(settings.add(G1, "debateRoles", "r1")).toBe(true);
    first.close();

    const again = new ServerSettingsDb(connect());
    expect(again.get(G1)).toEqual({ channels: ["c2", "c1"], debateRoles: ["r1"], libraryRoles: [], cooldownSeconds: 45, answersPerMinute: 20, mentions: false });
    expect(again.get(G2)).toEqual(DEFAULT_SETTINGS);
  });

  it("removes and clears list entries", () => {
    const settings = new ServerSettingsDb(connect());
    for (const id of ["a", "b", "c"]) settings.add(G1, "debateRoles", id);
    settings.add(G2, "debateRoles", "a");
    expect(settings.remove(G1, "debateRoles", "b")).toBe(true);
    expect(settings.remove(G1, "debateRoles", "b")).toBe(false);
    expect(settings.get(G1).debateRoles).toEqual(["a", "c"]);
    settings.clear(G1, "debateRoles");
    expect(settings.get(G1).debateRoles).toEqual([]);
    expect(settings.get(G2).debateRoles).toEqual(["a"]);
  });

  it("starts from the defaults, with a warning, when the file was corrupt", () => {
    const first = connect();
    new ServerSettingsDb(first).set(G1, "cooldownSeconds", 30);
    first.close();
    fs.writeFileSync(path.join(dir, DB_FILE), "not a database ".repeat(100));
    expect(new ServerSettingsDb(connect()).get(G1)).toEqual(DEFAULT_SETTINGS);
    expect(logged.join("")).toMatch(/corrupt.*Moved it to.*server settings/);
  });
});

describe("ModerationLog", () => {
  const entry = (n: number, guildId = G1): LogEntry => ({
    guildId,
    channelId: "c1",
    userId: `u${n}`,
    command: "ask",
    question: `question ${n}`,
    reply: `reply ${n}`,
  });

  it("lists a server's latest entries, newest first, with who asked and where", () => {
    const log = new ModerationLog(connect(), 30);
    for (let i = 1; i <= 4; i++) log.record(entry(i));
    log.record(entry(5, G2));
    const latest = log.latest(G1, 3);
    expect(latest.map((e) => e.question)).toEqual(["question 4", "question 3", "question 2"]);
    expect(latest[0]).toMatchObject({ guildId: G1, channelId: "c1", userId: "u4", command: "ask", reply: "reply 4" });
    expect(latest[0]!.at).toBeInstanceOf(Date);
    expect(log.latest(G2, 10).map((e) => e.userId)).toEqual(["u5"]);
  });

  it("deletes entries older than the retention period", () => {
    let now = new Date("2025-01-01T00:00:00Z");
    const db = connect();
    const log = new ModerationLog(db, 7, () => now);
    log.record(entry(1));
    now = new Date("2025-01-05T00:00:00Z");
    log.record(entry(2));
    now = new Date("2025-01-09T00:00:00Z");
    expect(log.latest(G1, 10).map((e) => e.question)).toEqual(["question 2"]);
    now = new Date("2025-01-20T00:00:00Z");
    expect(log.purgeExpired()).toBe(1);
    expect(db.prepare("SELECT count(*) FROM moderation_log").pluck().get()).toBe(0);
  });

  it("keeps nothing when retention is 0", () => {
    const log = new ModerationLog(connect(), 0);
    log.record(entry(1));
    expect(log.latest(G1, 10)).toEqual([]);
  });
});
