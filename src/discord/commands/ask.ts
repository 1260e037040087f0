/** /ask question [private] [paper]: an answer in verbatim quotes with citations. */
import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import { answerQuestion } from "../answering.js";
import { chosenPaper, paperOption, respondWithPapers } from "../paper-option.js";
import { pageMessage } from "../render.js";
import { requesterOf } from "../requester.js";
import { notifyPrivately } from "../respond.js";
import type { SlashCommand } from "../slash-command.js";
import { QuestionError } from "../../engine-api.js";

export const ask: SlashCommand = {
  name: "ask",
  definition: (config) =>
    new SlashCommandBuilder()
      .setName("ask")
      .setDescription("Answer a question with verbatim, cited quotes from the papers")
      .setContexts(InteractionContextType.Guild)
      .addStringOption((o) =>
        o
          .setName("question")
          .setDescription("What do you want to know?")
          .setRequired(true)
          .setMaxLength(config.MAX_QUESTION_LENGTH),
      )
      .addBooleanOption((o) => o.setName("private").setDescription("Show the answer to you only"))
      .addStringOption(paperOption)
      .toJSON(),

  async autocomplete(interaction, ctx) {
    await respondWithPapers(interaction, ctx.engine.papers());
  },

  async execute(interaction, ctx) {
    const question = interaction.options.getString("question", true);
    const tooLong = ctx.guards.questionTooLong(question);
    if (tooLong) return notifyPrivately(interaction, tooLong);
    const { paperId, error } = chosenPaper(interaction, ctx.engine.papers());
    if (error) return notifyPrivately(interaction, error);
    const isPrivate = interaction.options.getBoolean("private") ?? false;
    await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
    try {
      const page = await answerQuestion(ctx, question, { requester: requesterOf(interaction), source: "slash" }, [], paperId);
      await interaction.editReply(pageMessage(page));
    } catch (err) {
      if (!(err instanceof QuestionError)) throw err;
      await notifyPrivately(interaction, err.message);
    }
  },
};
