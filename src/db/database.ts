/**
 * The one SQLite file under DATA_DIR that holds all of the bot's local data: opened, checked,
 * recovered when damaged, and brought up to the current schema. The tables' own modules
 * (feedback-db.ts, server-settings.ts, moderation-log.ts, thread-history.ts) share the connection this returns.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Logger } from "../log.js";
import { MIGRATIONS } from "./migrations.js";

export const DB_FILE = "footnote.sqlite";

export type Connection = Database.Database;

/**
 * How long a statement waits for a lock before it gives up with SQLITE_BUSY. Short, because
 * better-sqlite3 waits on the calling thread: the bot's writes queue and retry instead (writer.ts).
 */
export const BUSY_TIMEOUT_MS = 50;

/** The file is not a usable SQLite database; recreating it is the only repair. */
export class CorruptDatabaseError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`The database ${file} is corrupt (${reason}).`);
    this.name = "CorruptDatabaseError";
  }
}

/** SQLite's own verdicts on a damaged file; other errors (permissions, a full disk) are not repaired by recreating. */
export function isCorruption(err: unknown): err is InstanceType<typeof Database.SqliteError> {
  return err instanceof Database.SqliteError && ["SQLITE_CORRUPT", "SQLITE_NOTADB"].includes(err.code);
}

function openChecked(file: string, options: Database.Options = {}): Connection {
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

/** Runs the migrations the file has not had yet, all in one transaction so a crash leaves the old schema. */
function migrate(db: Connection): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // WAL: readers (settings, /log) go on while a write is in progress.
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new Error(`The database was written by a newer footnote (schema ${version}); update footnote.`);
  }
  db.transaction(() => {
    for (const sql of MIGRATIONS.slice(version)) db.exec(sql);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}

/**
 * Opens or creates the database, at the current schema. A corrupt file is moved aside and
 * replaced by an empty one, with a warning: losing feedback and settings beats not starting.
 */
export function openDatabase(dataDir: string, log: Logger): Connection {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DB_FILE);
  let db: Connection;
  try {
    db = openChecked(file);
  } catch (err) {
    if (!(err instanceof CorruptDatabaseError)) throw err;
    const aside = moveAside(file);
    log.warn(`${err.message} Moved it to ${aside} and started a new one; feedback, server settings, the moderation log and thread history start empty.`);
    db = openChecked(file);
  }
  migrate(db);
  return db;
}

/** A database of the same schema that lives in memory only and is gone once closed: for data that must not reach the disk. */
export function openMemoryDatabase(): Connection {
  const db = new Database(":memory:");
  migrate(db);
  return db;
}

/** Read-only, for reports; undefined when the bot has not created the database yet. Throws CorruptDatabaseError. */
export function openDatabaseForReading(dataDir: string): Connection | undefined {
  const file = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(file)) return undefined;
  return openChecked(file, { readonly: true, fileMustExist: true });
}
