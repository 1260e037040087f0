/** /ask question [private] [paper]: an answer in verbatim quotes with citations. */
import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import { answerQuestion } from "../answering.js";
import { deferAnswer } from "../first-response.js";
import { chosenPaper, paperOption, respondWithPapers } from "../paper-option.js";
import { pageMessage } from "../render.js";
import { requesterOf } from "../requester.js";
import { settleLater } from "../work-queue.js";
import type { SlashCommand } from "../slash-command.js";
import { engineNow, papersFor } from "../guild-engine.js";

export const ask: SlashCommand = {
  name: "ask",
  queued: true,
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
    // From an engine already open, else from the records: a cold library would make the list miss Discord's 3 s.
    await respondWithPapers(interaction, engineNow(ctx, interaction.guildId)?.papers() ?? papersFor(ctx, interaction.guildId));
  },

  refusal: (interaction, ctx) => ctx.guards.questionTooLong(interaction.options.getString("question", true)),

  async execute(interaction, ctx) {
    const question = interaction.options.getString("question", true);
    const paperId = chosenPaper(interaction, papersFor(ctx, interaction.guildId));
    const isPrivate = interaction.options.getBoolean("private") ?? false;
    // Into the queue in the same tick as the room check before it, then the deferral; the answer is awaited after both.
    const page = settleLater(answerQuestion(ctx, question, { requester: requesterOf(interaction), source: "slash" }, [], paperId));
    const reply = await deferAnswer(interaction, ctx, { private: isPrivate, asked: question });
    await reply.send(pageMessage(await page));
  },
};
