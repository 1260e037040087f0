/**
 * The record of each server's library: which papers its members added (the files themselves live
 * under DATA_DIR/libraries/<server id>/), who added them and when, and when the bot left a server,
 * so that its library is deleted once LIBRARY_RETENTION_DAYS have passed.
 */
import type { Connection } from "./database.js";

export interface LibraryPaper {
  guildId: string;
  /** The stored file's name, from its content hash: the paper's id in the server's index. */
  paperId: string;
  hash: string;
  title: string;
  addedBy: string;
  addedAt: Date;
  passages: number;
}

interface Row {
  guild_id: string;
  paper_id: string;
  hash: string;
  title: string;
  added_by: string;
  added_at: string;
  passages: number;
}

const DAY_MS = 86_400_000;

const paperOf = (r: Row): LibraryPaper => ({
  guildId: r.guild_id,
  paperId: r.paper_id,
  hash: r.hash,
  title: r.title,
  addedBy: r.added_by,
  addedAt: new Date(r.added_at),
  passages: r.passages,
});

export class LibraryDb {
  constructor(
    private readonly db: Connection,
    private readonly now: () => Date = () => new Date(),
  ) {}

  papers(guildId: string): LibraryPaper[] {
    return (this.db.prepare("SELECT * FROM library_papers WHERE guild_id = ? ORDER BY added_at, paper_id").all(guildId) as Row[]).map(paperOf);
  }

  /** Every server with papers in its library. */
  guilds(): string[] {
    return (this.db.prepare("SELECT DISTINCT guild_id FROM library_papers").all() as { guild_id: string }[]).map((r) => r.guild_id);
  }

  count(guildId: string): number {
    return (this.db.prepare("SELECT count(*) AS n FROM library_papers WHERE guild_id = ?").get(guildId) as { n: number }).n;
  }

  byHash(guildId: string, hash: string): LibraryPaper | undefined {
    const row = this.db.prepare("SELECT * FROM library_papers WHERE guild_id = ? AND hash = ?").get(guildId, hash) as Row | undefined;
    return row && paperOf(row);
  }

  add(paper: Omit<LibraryPaper, "addedAt">): LibraryPaper {
    const addedAt = this.now();
    this.db
      .prepare("INSERT INTO library_papers (guild_id, paper_id, hash, title, added_by, added_at, passages) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(paper.guildId, paper.paperId, paper.hash, paper.title, paper.addedBy, addedAt.toISOString(), paper.passages);
    return { ...paper, addedAt };
  }

  /** False when the server has no such paper (an id from another server finds nothing). */
  remove(guildId: string, paperId: string): boolean {
    return this.db.prepare("DELETE FROM library_papers WHERE guild_id = ? AND paper_id = ?").run(guildId, paperId).changes > 0;
  }

  /** The bot was removed from the server: its library is kept for the retention period from now. */
  markLeft(guildId: string): void {
    this.db.prepare("INSERT OR IGNORE INTO library_departures (guild_id, left_at) VALUES (?, ?)").run(guildId, this.now().toISOString());
  }

  /** The bot is back in the server before its library was deleted. */
  markPresent(guildId: string): void {
    this.db.prepare("DELETE FROM library_departures WHERE guild_id = ?").run(guildId);
  }

  /** Servers left longer ago than `retentionDays`. */
  expired(retentionDays: number): string[] {
    const cutoff = new Date(this.now().getTime() - retentionDays * DAY_MS).toISOString();
    return (this.db.prepare("SELECT guild_id FROM library_departures WHERE left_at <= ?").all(cutoff) as { guild_id: string }[]).map((r) => r.guild_id);
  }

  /** Forgets a server's library and its departure: after its files were deleted. */
  forget(guildId: string): void {
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM library_papers WHERE guild_id = ?").run(guildId);
      this.db.prepare("DELETE FROM library_departures WHERE guild_id = ?").run(guildId);
    })();
  }
}
