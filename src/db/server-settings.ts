/** What each server's moderators set with /config: where the bot answers, who may debate, and how often. */
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

export class ServerSettingsDb {
  constructor(private readonly db: Connection) {}

  /** Read on every request: three primary-key lookups. */
  get(guildId: string): ServerSettings {
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
  }

  /** False when `id` was already on the list. */
  add(guildId: string, list: ServerList, id: string): boolean {
    const { table, column } = LISTS[list];
    return this.db.prepare(`INSERT OR IGNORE INTO ${table} (guild_id, ${column}) VALUES (?, ?)`).run(guildId, id).changes > 0;
  }

  /** False when `id` was not on the list. */
  remove(guildId: string, list: ServerList, id: string): boolean {
    const { table, column } = LISTS[list];
    return this.db.prepare(`DELETE FROM ${table} WHERE guild_id = ? AND ${column} = ?`).run(guildId, id).changes > 0;
  }

  clear(guildId: string, list: ServerList): void {
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
