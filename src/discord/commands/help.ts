/** /help: what the bot does, in a few lines, shown to the asker only. */
import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import { textMessage } from "../render.js";
import type { SlashCommand } from "../slash-command.js";

export function helpText(mentionsEnabled: boolean): string {
  return [
    "I answer questions about the papers I have read by quoting them word for word, with the section and paragraph of each quote.",
    "• `/ask` a question: the short answer in bold, the quotes it comes from, and their citations. `private: True` shows it to you only.",
    "• `/search` some words: the best-matching passages; press a number to read one in full.",
    "• `/quote` a section (or one paragraph of it), verbatim.",
    "• `/paper`: title, authors, journal, sections, and a citation to paste (APA or Chicago).",
    "• `/debate` a motion: evidence for and against it, quoted word for word, with the whole pack as a Markdown file. `side` picks one side.",
    "• `/library`: this server's own papers (list, show, export); moderators and librarians add and remove them.",
    ...(mentionsEnabled
      ? ["• Mention me with a question: I answer in a thread, and read follow-ups there in the light of earlier questions."]
      : []),
    "When the papers don't cover a question I say so instead of guessing. 👍/👎 under an answer tells the maintainers how it went.",
    "Moderators (Manage Server): `/config` sets where, for whom and how often I answer here; `/log` shows recent questions and replies; `/reindex` reads the papers again.",
  ].join("\n");
}

export const help: SlashCommand = {
  name: "help",
  definition: () =>
    new SlashCommandBuilder()
      .setName("help")
      .setDescription("What this bot can do")
      .setContexts(InteractionContextType.Guild)
      .toJSON(),

  async execute(interaction, ctx) {
    const mentions = ctx.config.MENTIONS_ENABLED && ctx.guards.mentionsOn(interaction.guildId);
    await interaction.reply({ ...textMessage(helpText(mentions)), flags: MessageFlags.Ephemeral });
  },
};
