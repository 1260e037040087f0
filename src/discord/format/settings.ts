/**
 * A server's settings in words, for /config show and for the confirmation after each change. Where
 * the operator's settings (.env) narrow what a server chose, the line says so.
 */
import type { Config } from "../../config.js";
import type { ServerSettings } from "../../db/server-settings.js";
import { bold } from "./markdown.js";
import { channelList, roleList } from "./mentions.js";

export type OperatorSettings = Pick<Config, "ALLOWED_CHANNELS" | "RATE_LIMIT_PER_MINUTE" | "MENTIONS_ENABLED" | "LOG_RETENTION_DAYS">;

export function channelsText(ids: readonly string[], operator: OperatorSettings): string {
  const server = ids.length ? `I answer only in ${channelList(ids)} and ${ids.length === 1 ? "its" : "their"} threads.` : "I answer in every channel.";
  const global = operator.ALLOWED_CHANNELS;
  return global.length ? `${server} The bot's host also limits me to ${channelList(global)} (ALLOWED_CHANNELS).` : server;
}

export function debateRolesText(ids: readonly string[]): string {
  return ids.length ? `Only members with ${roleList(ids)} can use /debate.` : "Everyone can use /debate.";
}

export function libraryRolesText(ids: readonly string[]): string {
  return ids.length ? `Moderators and members with ${roleList(ids)} can change the library with /library.` : "Only moderators can change the library with /library.";
}

export function cooldownText(seconds: number): string {
  return seconds > 0 ? `Each member waits ${seconds} s between requests.` : "Members need not wait between requests.";
}

export function serverRateText(perMinute: number, operator: OperatorSettings): string {
  const server = perMinute > 0 ? `This server may make ${perMinute} requests a minute in all.` : "No limit for the server as a whole.";
  return `${server} Each member may make ${operator.RATE_LIMIT_PER_MINUTE} a minute (RATE_LIMIT_PER_MINUTE).`;
}

export function mentionsText(on: boolean, operator: OperatorSettings): string {
  if (!operator.MENTIONS_ENABLED) return "Mentions are off for every server (MENTIONS_ENABLED=false); slash commands work.";
  return on ? "I answer @mentions, and follow-ups in my threads." : "I don't answer @mentions here; slash commands work.";
}

export function logRetentionText(operator: OperatorSettings): string {
  const days = operator.LOG_RETENTION_DAYS;
  return days > 0 ? `Kept ${days} days (LOG_RETENTION_DAYS), then deleted.` : "Off: nothing is logged (LOG_RETENTION_DAYS=0).";
}

/** Every setting, one labelled line each. */
export function settingsDescription(settings: ServerSettings, operator: OperatorSettings): string {
  return [
    bold("Settings for this server"),
    "",
    `${bold("Channels:")} ${channelsText(settings.channels, operator)}`,
    `${bold("/debate:")} ${debateRolesText(settings.debateRoles)}`,
    `${bold("/library:")} ${libraryRolesText(settings.libraryRoles)}`,
    `${bold("Cooldown:")} ${cooldownText(settings.cooldownSeconds)}`,
    `${bold("Server rate:")} ${serverRateText(settings.answersPerMinute, operator)}`,
    `${bold("Mentions:")} ${mentionsText(settings.mentions, operator)}`,
    `${bold("Moderation log:")} ${logRetentionText(operator)}`,
  ].join("\n");
}
