/** /log [count]: the latest questions asked in this server and what the bot replied, for its moderators only. */
import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import { logPages } from "../format/log.js";
import { errorFields } from "../error-fields.js";
import { DATABASE_UNAVAILABLE } from "../format/database.js";
import { pageMessage, textMessage } from "../render.js";
import type { SlashCommand } from "../slash-command.js";

const DEFAULT_COUNT = 10;
const MAX_COUNT = 50;

export const log: SlashCommand = {
  name: "log",
  moderatorsOnly: true,
  definition: () =>
    new SlashCommandBuilder()
      .setName("log")
      .setDescription("Moderators: the latest questions asked in this server, who asked, and the replies")
      .setContexts(InteractionContextType.Guild)
      .addIntegerOption((o) =>
        o.setName("count").setDescription(`How many (default ${DEFAULT_COUNT})`).setMinValue(1).setMaxValue(MAX_COUNT),
      )
      .toJSON(),

  async execute(interaction, ctx) {
    // Registered for servers only, and the moderator check needs a member: this only narrows the type.
    if (!interaction.inGuild()) return;
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    // Discord enforces the range for the registered command; an old registration or a crafted request may not.
    const count = Math.min(MAX_COUNT, Math.max(1, interaction.options.getInteger("count") ?? DEFAULT_COUNT));
    let entries;
    try {
      entries = ctx.moderationLog.latest(interaction.guildId, count);
    } catch (err) {
      ctx.log.warn(errorFields(err), "Could not read the moderation log.");
      await interaction.editReply(textMessage(DATABASE_UNAVAILABLE));
      return;
    }
    const pages = logPages(entries, ctx.config.LOG_RETENTION_DAYS);
    await interaction.editReply(pageMessage(ctx.pages.start(pages, "Older")));
  },
};
