/** /quote section [paragraph]: a section, or one paragraph of it, verbatim. Section names autocomplete. */
import { InteractionContextType, SlashCommandBuilder } from "discord.js";
import type { SectionInfo } from "../../engine-api.js";
import { LIMITS } from "../format/limits.js";
import { echoText, shorten } from "../format/markdown.js";
import { paginate } from "../format/paginate.js";
import { quoteEmbeds } from "../format/quote.js";
import { pageMessage } from "../render.js";
import { notifyPrivately, replyWith } from "../respond.js";
import type { SlashCommand } from "../slash-command.js";
import { engineNow, engineToReply } from "../guild-engine.js";

/** One choice per section title; a title several papers share is quoted from each of them. */
export function sectionChoices(sections: readonly SectionInfo[], typed: string): { name: string; value: string }[] {
  const wanted = typed.trim().toLowerCase();
  const byTitle = new Map<string, SectionInfo[]>();
  for (const s of sections) {
    // A longer title cannot be a choice's value; it can still be typed in full.
    if (s.title.length > LIMITS.choiceValue || !s.title.toLowerCase().includes(wanted)) continue;
    byTitle.set(s.title, [...(byTitle.get(s.title) ?? []), s]);
  }
  return [...byTitle]
    .slice(0, LIMITS.autocompleteChoices)
    .map(([title, found]) => {
      const detail = found.length === 1 ? `${found[0]!.paragraphs} ¶` : `in ${found.length} papers`;
      return { name: shorten(`${title} (${detail})`, LIMITS.choiceName), value: title };
    });
}

export const quote: SlashCommand = {
  name: "quote",
  definition: () =>
    new SlashCommandBuilder()
      .setName("quote")
      .setDescription("Show a section of a paper, or one of its paragraphs, word for word")
      .setContexts(InteractionContextType.Guild)
      .addStringOption((o) =>
        o.setName("section").setDescription("The section's heading").setRequired(true).setAutocomplete(true),
      )
      .addIntegerOption((o) => o.setName("paragraph").setDescription("Only this paragraph (1 is the first)").setMinValue(1))
      .toJSON(),

  async autocomplete(interaction, ctx) {
    // Choices from an engine already open only: a cold library would make the list miss Discord's 3 s.
    const engine = engineNow(ctx, interaction.guildId);
    await interaction.respond(engine ? sectionChoices(engine.sections(), interaction.options.getFocused()) : []);
  },

  async execute(interaction, ctx) {
    const section = interaction.options.getString("section", true);
    const paragraph = interaction.options.getInteger("paragraph") ?? undefined;
    const engine = await engineToReply(interaction, ctx);
    const quotes = engine.papers().flatMap((p) => engine.quote(section, paragraph, p.id) ?? []);
    if (quotes.length === 0) {
      const name = echoText(shorten(section, 100));
      return notifyPrivately(
        interaction,
        paragraph === undefined
          ? `There is no section called “${name}”. Start typing and pick one from the list.`
          : `“${name}” has no paragraph ${paragraph}, or there is no such section.`,
      );
    }
    const embeds = quotes.flatMap((q) => quoteEmbeds({ text: q.quote, citation: q.citation, cites: q.cites }));
    await replyWith(interaction, pageMessage(ctx.pages.start(paginate(embeds), "More")));
  },
};
