/** /search query [paper]: the best-matching passages as a compact list, each with a button to read it in full. */
import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import { bold, echoText, shorten } from "../format/markdown.js";
import { PASSAGES_PER_PAGE, passageListPages } from "../format/passages.js";
import { searchSummary } from "../format/summary.js";
import { deferAnswer } from "../first-response.js";
import { chosenPaper, paperOption, respondWithPapers } from "../paper-option.js";
import { logExchange } from "../records.js";
import { pageMessage } from "../render.js";
import { requesterOf } from "../requester.js";
import { settleLater } from "../work-queue.js";
import type { SlashCommand } from "../slash-command.js";
import { engineNow, papersFor, queuedOnEngine } from "../guild-engine.js";

/** Two pages' worth: the second is behind "More passages". */
const RESULTS = 2 * PASSAGES_PER_PAGE;
const ECHO_LENGTH = 200;

export const search: SlashCommand = {
  name: "search",
  queued: true,
  definition: (config) =>
    new SlashCommandBuilder()
      .setName("search")
      .setDescription("List the passages that best match some words")
      .setContexts(InteractionContextType.Guild)
      .addStringOption((o) =>
        o.setName("query").setDescription("Words to look for").setRequired(true).setMaxLength(config.MAX_QUESTION_LENGTH),
      )
      .addStringOption(paperOption)
      .toJSON(),

  async autocomplete(interaction, ctx) {
    // From an engine already open, else from the records: a cold library would make the list miss Discord's 3 s.
    await respondWithPapers(interaction, engineNow(ctx, interaction.guildId)?.papers() ?? papersFor(ctx, interaction.guildId));
  },

  refusal: (interaction, ctx) => ctx.guards.questionTooLong(interaction.options.getString("query", true)),

  async execute(interaction, ctx) {
    const query = interaction.options.getString("query", true);
    const paperId = chosenPaper(interaction, papersFor(ctx, interaction.guildId));
    const requester = requesterOf(interaction);
    const found = settleLater(queuedOnEngine(ctx, requester, (engine) => engine.search(query, { limit: RESULTS, ...(paperId ? { paperId } : {}) })));
    const reply = await deferAnswer(interaction, ctx, { private: false, asked: query });
    const results = await found;
    await ctx.acks.idle();
    logExchange(ctx, requester, "search", query, searchSummary(results));
    const heading = `${bold("Passages for")} ${echoText(shorten(query, ECHO_LENGTH))}`;
    await reply.send(pageMessage(ctx.pages.start(passageListPages(results, heading), "More passages")));
  },
};
