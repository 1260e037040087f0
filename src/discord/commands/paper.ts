/** /paper: each paper's title, authors, journal and sections, with citations ready to paste. */
import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import { paperPages } from "../format/paper.js";
import { pageMessage } from "../render.js";
import type { SlashCommand } from "../slash-command.js";
import { engineToReply } from "../guild-engine.js";
import { replyWith } from "../respond.js";

export const paper: SlashCommand = {
  name: "paper",
  definition: () =>
    new SlashCommandBuilder()
      .setName("paper")
      .setDescription("Title, authors, journal and sections of the papers, and how to cite them")
      .setContexts(InteractionContextType.Guild)
      .toJSON(),

  async execute(interaction, ctx) {
    const engine = await engineToReply(interaction, ctx);
    const pages = paperPages(engine.papers(), engine.sections());
    await replyWith(interaction, pageMessage(ctx.pages.start(pages, "More")));
  },
};
