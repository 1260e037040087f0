/**
 * What each server's moderators set with /config: where the bot answers, who may debate, and how
 * often. Read on every request, so kept in memory once read, and read again after each change;
 * when the database cannot be read a server gets the defaults (with a warning) until it can.
 */
import type { Connection } from "./database.js";

export interface ServerSettings {
  /** Channels the bot answers in (their threads too); empty means every channel. */
  channels: string[];
  /** Roles whose members may use /debate; empty means everyone. */
  debateRoles: string[];
  /** Roles whose members may change the server's library with /library, besides moderators. */
  libraryRoles: string[];
  /** Seconds each member waits between requests; 0 means no wait. */
  cooldownSeconds: number;
  /** Requests the whole server may make per minute; 0 means no server-wide limit. */
  answersPerMinute: number;
  /** Whether @mentions, and follow-ups in the bot's threads, are answered. */
  mentions: boolean;
}

export type ServerList = "channels" | "debateRoles" | "libraryRoles";
export type ServerOption = "cooldownSeconds" | "answersPerMinute" | "mentions";

/** A server nobody has configured. */
export const DEFAULT_SETTINGS: Readonly<ServerSettings> = Object.freeze({
  channels: [],
  debateRoles: [],
  libraryRoles: [],
  cooldownSeconds: 0,
  answersPerMinute: 0,
  mentions: true,
});

// Names come only from these maps, never from input, so they may be put into SQL text.
const LISTS: Record<ServerList, { table: string; column: string }> = {
  channels: { table: "server_channels", column: "channel_id" },
  debateRoles: { table: "server_debate_roles", column: "role_id" },
  libraryRoles: { table: "server_library_roles", column: "role_id" },
};
const COLUMNS: Record<ServerOption, string> = {
  cooldownSeconds: "cooldown_seconds",
  answersPerMinute: "answers_per_minute",
  mentions: "mentions",
};

interface SettingsRow {
  cooldown_seconds: number;
  answers_per_minute: number;
  mentions: number;
}

/** Servers whose settings are kept in memory; more than any one bot is in. */
const CACHED_SERVERS = 100_000;

/** While reads keep failing, the warning is repeated at most this often. */
const WARN_EVERY_MS = 30_000;

export class ServerSettingsDb {
  private readonly cache = new Map<string, ServerSettings>();
  private warnedAt = -Infinity;

  /** `warn` hears of a read that failed (the server then gets the defaults for that request). */
  constructor(
    private readonly db: Connection,
    private readonly warn: (message: string, err: unknown) => void = () => {},
  ) {}

  /** From memory after the first read; the defaults while the database cannot be read. */
  get(guildId: string): ServerSettings {
    const cached = this.cache.get(guildId);
    if (cached) return cached;
    let settings: ServerSettings;
    try {
      settings = this.read(guildId);
    } catch (err) {
      if (Date.now() - this.warnedAt >= WARN_EVERY_MS) {
        this.warnedAt = Date.now();
        this.warn("Could not read a server's settings; using the defaults until the database can be read.", err);
      }
      return { ...DEFAULT_SETTINGS, channels: [], debateRoles: [] };
    }
    if (this.cache.size >= CACHED_SERVERS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(guildId, settings);
    return settings;
  }

  /** Three primary-key lookups. */
  private read(guildId: string): ServerSettings {
    const row = this.db
      .prepare("SELECT cooldown_seconds, answers_per_minute, mentions FROM server_settings WHERE guild_id = ?")
      .get(guildId) as SettingsRow | undefined;
    return {
      channels: this.list(guildId, "channels"),
      debateRoles: this.list(guildId, "debateRoles"),
      libraryRoles: this.list(guildId, "libraryRoles"),
      cooldownSeconds: row?.cooldown_seconds ?? DEFAULT_SETTINGS.cooldownSeconds,
      answersPerMinute: row?.answers_per_minute ?? DEFAULT_SETTINGS.answersPerMinute,
      mentions: row ? row.mentions === 1 : DEFAULT_SETTINGS.mentions,
    };
  }

  set<K extends ServerOption>(guildId: string, option: K, value: ServerSettings[K]): void {
    const column = COLUMNS[option];
    this.db
      .prepare(
        `INSERT INTO server_settings (guild_id, ${column}) VALUES (?, ?)
         ON CONFLICT (guild_id) DO UPDATE SET ${column} = excluded.${column}`,
      )
      .run(guildId, typeof value === "boolean" ? Number(value) : value);
    this.cache.delete(guildId);
  }

  /** False when `id` was already on the list. */
  add(guildId: string, list: ServerList, id: string): boolean {
    const { table, column } = LISTS[list];
    this.cache.delete(guildId);
    return this.db.prepare(`INSERT OR IGNORE INTO ${table} (guild_id, ${column}) VALUES (?, ?)`).run(guildId, id).changes > 0;
  }

  /** False when `id` was not on the list. */
  remove(guildId: string, list: ServerList, id: string): boolean {
    const { table, column } = LISTS[list];
    this.cache.delete(guildId);
    return this.db.prepare(`DELETE FROM ${table} WHERE guild_id = ? AND ${column} = ?`).run(guildId, id).changes > 0;
  }

  clear(guildId: string, list: ServerList): void {
    this.cache.delete(guildId);
    this.db.prepare(`DELETE FROM ${LISTS[list].table} WHERE guild_id = ?`).run(guildId);
  }

  private list(guildId: string, list: ServerList): string[] {
    const { table, column } = LISTS[list];
    return this.db
      .prepare(`SELECT ${column} AS id FROM ${table} WHERE guild_id = ? ORDER BY rowid`)
      .all(guildId)
      .map((r) => (r as { id: string }).id);
  }
}
