/** The emulated server's state: one guild, its roles, channels and threads, members' roles, messages, and open interactions. */
import {
  guild,
  message,
  PERMISSION,
  PERMISSIONS_ALL,
  role,
  Snowflakes,
  textChannel,
  thread,
  user,
  type ChannelObject,
  type MessageObject,
  type RoleObject,
  type UserObject,
} from "./objects.js";

export const MESSAGE_FLAGS = { hasThread: 1 << 5, ephemeral: 1 << 6, loading: 1 << 7 };

export interface InteractionState {
  id: string;
  token: string;
  channelId: string;
  guildId: string;
  /** Who used it (the owner for raw interactions). */
  userId: string;
  /** The string options given (a question, a query), space-separated; "" when none. */
  text: string;
  /** When it was dispatched (ms since the epoch): Discord refuses a first response more than 3 s later. */
  createdAt: number;
  acknowledged: boolean;
  /** When the first response was accepted. */
  ackedAt?: number;
  /** When the user first saw words: a reply, an edit of the deferred reply, or a follow-up. */
  answeredAt?: number;
  /** Those first words: the content and embed descriptions. */
  answerText?: string;
  /** The reply's message once there is one: "@original" in webhook routes. */
  originalId?: string;
}

export class World {
  readonly ids = new Snowflakes();
  readonly appId = this.ids.id();
  readonly guildId = this.ids.id();
  readonly bot: UserObject = user(this.appId, "footnote-emu", true);
  readonly owner: UserObject = user(this.ids.id(), "owner");
  readonly users = new Map<string, UserObject>([[this.owner.id, this.owner]]);
  /** @everyone first: its id is the guild's. */
  readonly roles = new Map<string, RoleObject>([[this.guildId, role(this.guildId, "@everyone", BigInt(PERMISSIONS_ALL), 0)]]);
  /** Role ids by user id; @everyone is implied, as on Discord. */
  readonly memberRoles = new Map<string, string[]>();
  readonly channels = new Map<string, ChannelObject>();
  readonly messages = new Map<string, MessageObject>();
  /** By interaction token. */
  readonly interactions = new Map<string, InteractionState>();
  /** Further servers the bot is in, each with one text channel, by guild id. */
  readonly servers = new Map<string, ChannelObject>();
  /** Permissions taken from the bot in a channel (as a channel overwrite on its role would), by channel id. */
  readonly botDenied = new Map<string, bigint>();

  /** Any channel or thread of any server. */
  findChannel(id: string): ChannelObject | undefined {
    return this.channels.get(id) ?? [...this.servers.values()].find((s) => s.id === id);
  }

  /** What the bot may do in a channel, as interactions carry it in `app_permissions` and its posts are checked. */
  botPermissions(channelId: string): string {
    return String(BigInt(PERMISSIONS_ALL) & ~(this.botDenied.get(channelId) ?? 0n));
  }

  /** Another server with a "study" channel; the bot hears of it at its next IDENTIFY. */
  addServer(): { guildId: string; channel: ChannelObject } {
    const guildId = this.ids.id();
    const channel = textChannel(this.ids.id(), "study");
    this.servers.set(guildId, channel);
    return { guildId, channel };
  }

  /** The server a channel (or thread) belongs to. */
  guildOf(channelId: string): string {
    for (const [guildId, channel] of this.servers) if (channel.id === channelId) return guildId;
    return this.guildId;
  }

  addUser(name: string, roles: readonly RoleObject[] = []): UserObject {
    const u = user(this.ids.id(), name);
    this.users.set(u.id, u);
    this.memberRoles.set(u.id, roles.map((r) => r.id));
    return u;
  }

  addRole(name: string, permissions: bigint): RoleObject {
    const r = role(this.ids.id(), name, permissions, this.roles.size);
    this.roles.set(r.id, r);
    return r;
  }

  rolesOf(userId: string): string[] {
    return this.memberRoles.get(userId) ?? [];
  }

  /** A member's permissions as interactions carry them: the owner may do anything, others what their roles allow. */
  permissionsOf(userId: string): string {
    if (userId === this.owner.id) return String(BigInt(PERMISSIONS_ALL) | PERMISSION.administrator | PERMISSION.manageGuild);
    const ids = [this.guildId, ...this.rolesOf(userId)];
    return String(ids.reduce((bits, id) => bits | BigInt(this.roles.get(id)?.permissions ?? "0"), 0n));
  }

  addTextChannel(name: string): ChannelObject {
    const c = textChannel(this.ids.id(), name);
    this.channels.set(c.id, c);
    return c;
  }

  /** Discord gives a thread started from a message the message's own id. */
  addThread(starter: MessageObject, name: string, ownerId: string): ChannelObject {
    const t = thread(starter.id, this.guildId, starter.channel_id, ownerId, name);
    this.channels.set(t.id, t);
    starter.flags |= MESSAGE_FLAGS.hasThread;
    return t;
  }

  addMessage(fields: Parameters<typeof message>[0]): MessageObject {
    const m = message({ guildId: this.guildId, ...fields });
    this.messages.set(m.id, m);
    return m;
  }

  /** The channel as interactions and GUILD_CREATE carry it. */
  channelRef(id: string): ChannelObject {
    const c = this.findChannel(id);
    if (!c) throw new Error(`no channel ${id} in the emulator`);
    return { ...c, guild_id: this.guildOf(id) };
  }

  /** GUILD_CREATE for every server: the main one, then the others (the bot and the owner in each). */
  guildCreates() {
    const others = [...this.servers].map(([id, channel]) =>
      guild({
        id,
        ownerId: this.owner.id,
        channels: [channel],
        threads: [],
        roles: [role(id, "@everyone", BigInt(PERMISSIONS_ALL), 0)],
        members: [this.bot, this.owner].map((u) => ({ user: u, roles: [] })),
      }),
    );
    return [this.guildCreate(), ...others];
  }

  guildCreate() {
    const all = [...this.channels.values()];
    return guild({
      id: this.guildId,
      ownerId: this.owner.id,
      channels: all.filter((c) => c.type !== 11),
      threads: all.filter((c) => c.type === 11),
      roles: [...this.roles.values()],
      members: [this.bot, ...this.users.values()].map((u) => ({ user: u, roles: this.rolesOf(u.id) })),
    });
  }

  ready(sessionId: string, resumeUrl: string) {
    return {
      v: 10,
      user: this.bot,
      guilds: [this.guildId, ...this.servers.keys()].map((id) => ({ id, unavailable: true })),
      session_id: sessionId,
      resume_gateway_url: resumeUrl,
      application: { id: this.appId, flags: 0 },
      shard: [0, 1],
    };
  }
}
