/**
 * Writes that must not hold up a reply (feedback, the moderation log, thread history) go through
 * this queue: they are run together in one transaction soon after, and when the database is
 * locked, full or failing they wait and are tried again with a growing pause, so a slow or
 * broken database never blocks the thread that talks to Discord. Bounded: past `capacity`
 * waiting writes the oldest are dropped, with a warning.
 */
import Database from "better-sqlite3";
import { isCorruption, type Connection } from "./database.js";

export interface WriteJob {
  /** What it writes, for the warning when it is dropped: "feedback", "moderation log", … */
  what: string;
  run(db: Connection): void;
}

export interface WriterOptions {
  capacity?: number;
  /**
   * Called when the file turns out to be damaged: returns a connection to a repaired (new)
   * database to write to instead, or undefined to keep trying the old one.
   */
  reopen?(): Connection | undefined;
  /** Told of every failed flush and every dropped write. */
  warn(message: string, err?: unknown): void;
}

const FIRST_RETRY_MS = 100;
/** Short enough that writes land soon after a lock is released; each try costs at most the busy timeout. */
const MAX_RETRY_MS = 2_000;
const DEFAULT_CAPACITY = 10_000;
/** While the database keeps failing, the warning is repeated at most this often. */
const WARN_EVERY_MS = 30_000;

/** Errors that may pass: the file is locked, full, unreachable or read-only for now. Others mean the write itself is wrong. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof Database.SqliteError)) return false;
  return /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|PROTOCOL|CORRUPT|NOTADB)/.test(err.code);
}

export class DbWriter {
  private readonly queue: WriteJob[] = [];
  private scheduled: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private retryMs = FIRST_RETRY_MS;
  private closed = false;
  /** When the current run of failures was last reported; undefined while writes succeed. */
  private warnedAt: number | undefined;
  /** Writes dropped since start: failed for good, or pushed out of a full queue. */
  dropped = 0;

  constructor(
    private db: Connection,
    private readonly options: WriterOptions,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  enqueue(job: WriteJob): void {
    if (this.closed) return;
    this.queue.push(job);
    if (this.queue.length > (this.options.capacity ?? DEFAULT_CAPACITY)) {
      const lost = this.queue.shift()!;
      this.dropped++;
      if (this.dueForWarning()) this.options.warn(`The database is not taking writes; dropping the oldest waiting ones (${this.dropped} so far, the last: ${lost.what}).`);
    }
    this.scheduled ??= setImmediate(() => this.flush());
  }

  /** Runs everything waiting, now; the pause grows while the database keeps failing. */
  flush(): void {
    this.clearSchedule();
    if (this.queue.length === 0 || this.closed) return;
    const batch = this.queue.splice(0);
    try {
      this.db.transaction(() => {
        for (const job of batch) job.run(this.db);
      })();
      this.retryMs = FIRST_RETRY_MS;
      if (this.warnedAt !== undefined) this.options.warn(`The database takes writes again; wrote the ${batch.length} that waited.`);
      this.warnedAt = undefined;
    } catch (err) {
      if (isCorruption(err)) {
        const repaired = this.options.reopen?.();
        if (repaired) {
          this.db = repaired;
          this.queue.unshift(...batch);
          this.scheduled = setImmediate(() => this.flush());
          return;
        }
      }
      if (isTransient(err)) {
        this.queue.unshift(...batch);
        if (this.dueForWarning()) {
          this.options.warn(`The database could not be written (${(err as Error).message}); ${this.queue.length} write(s) wait and will be tried again.`);
        }
        this.scheduled = setTimeout(() => this.flush(), this.retryMs);
        this.scheduled.unref();
        this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
        return;
      }
      // One bad write must not cost the others: run them one by one and drop only what fails.
      for (const job of batch) this.runAlone(job);
    }
  }

  /** True for the first failure of a run, then once every WARN_EVERY_MS. */
  private dueForWarning(): boolean {
    if (this.warnedAt !== undefined && Date.now() - this.warnedAt < WARN_EVERY_MS) return false;
    this.warnedAt = Date.now();
    return true;
  }

  private runAlone(job: WriteJob): void {
    try {
      job.run(this.db);
    } catch (err) {
      if (isTransient(err)) {
        this.enqueue(job);
        return;
      }
      this.dropped++;
      this.options.warn(`A database write (${job.what}) failed and was dropped.`, err);
    }
  }

  private clearSchedule(): void {
    if (this.scheduled === undefined) return;
    clearTimeout(this.scheduled as NodeJS.Timeout);
    clearImmediate(this.scheduled as NodeJS.Immediate);
    this.scheduled = undefined;
  }

  /** Writes what it can, one last time, and takes no more. */
  close(): void {
    this.flush();
    this.clearSchedule();
    this.closed = true;
  }
}
