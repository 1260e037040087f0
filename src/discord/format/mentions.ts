/** Channels and roles named in replies, as Discord mentions; every reply sets empty allowed mentions, so none pings. */
import { channelMention, roleMention } from "discord.js";

export const channelList = (ids: readonly string[]): string => ids.map((id) => channelMention(id)).join(", ");

export const roleList = (ids: readonly string[]): string => ids.map((id) => roleMention(id)).join(", ");
