/** Who is asking, and where: what the guards check and the moderation log records, for commands and messages alike. */
import type { APIInteractionGuildMember, Channel, GuildMember, Interaction, Message } from "discord.js";

export interface Requester {
  userId: string;
  guildId: string | null;
  channelId: string | null;
  /** Null when discord.js has not cached the channel. */
  channel: Channel | null;
}

export function requesterOf(source: Interaction | Message): Requester {
  const user = "author" in source ? source.author : source.user;
  return { userId: user.id, guildId: source.guildId, channelId: source.channelId, channel: source.channel };
}

/** The member's role ids, whether discord.js has the server cached (a GuildMember) or not (raw API data). */
export function roleIdsOf(member: GuildMember | APIInteractionGuildMember | null): string[] {
  if (!member) return [];
  return Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
}
