/** The moderation log as pages: newest first, each entry when, how, who and where, the question and the reply's summary. */
import { channelMention, userMention } from "discord.js";
import type { LoggedEntry } from "../../db/moderation-log.js";
import { LIMITS } from "./limits.js";
import { bold, echoText, escapeText, italic, shorten } from "./markdown.js";
import { paginate } from "./paginate.js";
import type { EmbedSpec, Page } from "./types.js";

/** Long enough to judge a question by; /log is an overview, not a transcript. */
const TEXT_LENGTH = 300;

function entryMarkdown(entry: LoggedEntry): string {
  const when = `<t:${Math.floor(entry.at.getTime() / 1000)}:f>`;
  const how = entry.command === "mention" ? "mention" : `/${entry.command}`;
  const where = entry.channelId ? ` in ${channelMention(entry.channelId)}` : "";
  return [
    `${when} · ${bold(how)} · ${userMention(entry.userId)}${where}`,
    italic(echoText(shorten(entry.question, TEXT_LENGTH))),
    `→ ${escapeText(shorten(entry.reply, TEXT_LENGTH))}`,
  ].join("\n");
}

/** Whole entries per embed, as many as fit. */
function embedsOf(blocks: readonly string[]): EmbedSpec[] {
  const embeds: EmbedSpec[] = [];
  let current = "";
  for (const block of blocks) {
    if (current && current.length + 2 + block.length > LIMITS.embedDescription) {
      embeds.push({ description: current });
      current = "";
    }
    current = current ? `${current}\n\n${block}` : block;
  }
  if (current) embeds.push({ description: current });
  return embeds;
}

export function logPages(entries: readonly LoggedEntry[], retentionDays: number): Page[] {
  if (retentionDays === 0) return [{ embeds: [{ description: "The moderation log is off (LOG_RETENTION_DAYS=0)." }], actions: [] }];
  const heading = bold(`Latest ${entries.length} in this server (kept ${retentionDays} days)`);
  if (entries.length === 0) {
    return [{ embeds: [{ description: `Nothing was asked in this server in the last ${retentionDays} days.` }], actions: [] }];
  }
  return paginate(embedsOf([heading, ...entries.map(entryMarkdown)]));
}
