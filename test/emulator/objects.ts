/**
 * Discord API objects as the emulator sends them: the smallest shapes a real discord.js v14 client
 * accepts (see shared/docs/discord-emulator.md for which fields are required and why).
 */

/** What the bot may do, and what @everyone may do on an ordinary server: neither Administrator nor Manage Server. */
export const PERMISSIONS_ALL = "2248473465835073";

/** Permission bits (https://discord.com/developers/docs/topics/permissions). */
export const PERMISSION = {
  administrator: 1n << 3n,
  manageGuild: 1n << 5n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  embedLinks: 1n << 14n,
  attachFiles: 1n << 15n,
  sendMessagesInThreads: 1n << 38n,
} as const;

export interface RoleObject {
  id: string;
  name: string;
  /** Decimal string, as Discord sends it. */
  permissions: string;
  position: number;
  color: number;
  hoist: boolean;
  managed: boolean;
  mentionable: boolean;
  flags: number;
}

/** Numeric snowflakes of 18 digits: discord.js parses ids with BigInt and REST buckets match \d{17,19}. */
export class Snowflakes {
  private next = 300_000_000_000_000_000n;

  id(): string {
    return String(this.next++);
  }
}

export interface UserObject {
  id: string;
  username: string;
  discriminator: "0";
  global_name: string | null;
  avatar: null;
  bot?: boolean;
  flags?: number;
}

export interface ChannelObject {
  id: string;
  type: number;
  name: string;
  guild_id?: string;
  parent_id?: string | null;
  [key: string]: unknown;
}

export interface MessageObject {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: UserObject;
  content: string;
  embeds: unknown[];
  components: unknown[];
  flags: number;
  type: number;
  mentions: unknown[];
  /** ISO 8601, when it was created. */
  timestamp: string;
  [key: string]: unknown;
}

const now = () => new Date().toISOString();

export function user(id: string, username: string, bot = false): UserObject {
  return { id, username, discriminator: "0", global_name: bot ? null : username, avatar: null, ...(bot ? { bot: true, flags: 0 } : {}) };
}

export function member(u?: UserObject, roles: readonly string[] = []) {
  return { ...(u ? { user: u } : {}), roles: [...roles], joined_at: now(), deaf: false, mute: false, flags: 0 };
}

export function role(id: string, name: string, permissions: bigint, position: number): RoleObject {
  return { id, name, permissions: String(permissions), position, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 };
}

export function textChannel(id: string, name: string): ChannelObject {
  return { id, type: 0, name, position: 0, parent_id: null, nsfw: false, permission_overwrites: [] };
}

export function thread(id: string, guildId: string, parentId: string, ownerId: string, name: string): ChannelObject {
  return {
    id,
    type: 11,
    guild_id: guildId,
    parent_id: parentId,
    owner_id: ownerId,
    name,
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: now(), locked: false },
    message_count: 0,
    member_count: 1,
    rate_limit_per_user: 0,
    flags: 0,
  };
}

export function guild(opts: {
  id: string;
  ownerId: string;
  channels: ChannelObject[];
  threads: ChannelObject[];
  roles: RoleObject[];
  members: { user: UserObject; roles: readonly string[] }[];
}) {
  return {
    id: opts.id,
    name: "Emulated study server",
    unavailable: false,
    owner_id: opts.ownerId,
    joined_at: now(),
    member_count: opts.members.length,
    large: false,
    features: [],
    preferred_locale: "en-US",
    emojis: [],
    stickers: [],
    roles: opts.roles,
    channels: opts.channels,
    threads: opts.threads,
    members: opts.members.map((m) => member(m.user, m.roles)),
    presences: [],
    voice_states: [],
  };
}

export function message(fields: {
  id: string;
  channelId: string;
  guildId?: string;
  author: UserObject;
  body: Record<string, unknown>;
  type?: number;
  extra?: Record<string, unknown>;
}): MessageObject {
  const b = fields.body;
  return {
    id: fields.id,
    channel_id: fields.channelId,
    ...(fields.guildId ? { guild_id: fields.guildId } : {}),
    author: fields.author,
    content: typeof b.content === "string" ? b.content : "",
    timestamp: now(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: Array.isArray(b.attachments) ? b.attachments : [],
    embeds: Array.isArray(b.embeds) ? b.embeds : [],
    components: Array.isArray(b.components) ? b.components : [],
    pinned: false,
    type: fields.type ?? 0,
    flags: typeof b.flags === "number" ? b.flags : 0,
    ...fields.extra,
  };
}
