/**
 * /reindex: rebuilds the index from the corpus, for moderators after the papers changed. The engine
 * keeps answering from the old index until the new one is ready, and shares one build among
 * overlapping calls; the index serves every server the bot is in.
 */
import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import { errorFields } from "../error-fields.js";
import { reindexFailedText, reindexText } from "../format/reindex.js";
import { textMessage } from "../render.js";
import type { SlashCommand } from "../slash-command.js";

export const reindex: SlashCommand = {
  name: "reindex",
  moderatorsOnly: true,
  definition: () =>
    new SlashCommandBuilder()
      .setName("reindex")
      .setDescription("Moderators: read the papers again and rebuild the index (answers continue meanwhile)")
      .setContexts(InteractionContextType.Guild)
      .toJSON(),

  async execute(interaction, ctx) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    let text: string;
    try {
      const result = await ctx.engine.reindex();
      await ctx.libraries?.sharedChanged();
      ctx.log.info({ ...result, userId: interaction.user.id, guildId: interaction.guildId }, "Reindexed on request.");
      text = reindexText(result);
    } catch (err) {
      ctx.log.warn({ ...errorFields(err), userId: interaction.user.id, guildId: interaction.guildId }, "Reindexing failed; still answering from the old index.");
      text = reindexFailedText(err instanceof Error ? err.message : String(err));
    }
    await interaction.editReply(textMessage(text));
  },
};
