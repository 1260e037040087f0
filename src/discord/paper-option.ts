/** The optional `paper` option of /ask and /search: autocompleted from the corpus, its value the paper's id. */
import type { AutocompleteInteraction, ChatInputCommandInteraction, SlashCommandStringOption } from "discord.js";
import { LIMITS } from "./format/limits.js";
import { shorten } from "./format/markdown.js";
import { QuestionError, type PaperMeta } from "../engine-api.js";

export const PAPER_OPTION = "paper";

export function paperOption(o: SlashCommandStringOption): SlashCommandStringOption {
  return o.setName(PAPER_OPTION).setDescription("Only this paper (start typing its title)").setAutocomplete(true);
}

/** Papers whose title or file name contains what was typed; ids longer than a choice value can hold are left out. */
export function paperChoices(papers: readonly Pick<PaperMeta, "id" | "title" | "year">[], typed: string): { name: string; value: string }[] {
  const wanted = typed.trim().toLowerCase();
  return papers
    .filter((p) => p.id.length <= LIMITS.choiceValue && `${p.title} ${p.id}`.toLowerCase().includes(wanted))
    .slice(0, LIMITS.autocompleteChoices)
    .map((p) => {
      // The year stays visible however long the title is.
      const year = p.year ? ` (${p.year})` : "";
      return { name: shorten(p.title, LIMITS.choiceName - year.length) + year, value: p.id };
    });
}

export async function respondWithPapers(interaction: AutocompleteInteraction, papers: readonly Pick<PaperMeta, "id" | "title" | "year">[]): Promise<void> {
  await interaction.respond(paperChoices(papers, interaction.options.getFocused()));
}

/**
 * The chosen paper's id, undefined when no paper was given; a value typed without picking from the
 * list is matched by title. Throws QuestionError when nothing matches.
 */
export function chosenPaper(interaction: ChatInputCommandInteraction, papers: readonly Pick<PaperMeta, "id" | "title">[]): string | undefined {
  const value = interaction.options.getString(PAPER_OPTION)?.trim();
  if (!value) return undefined;
  const found = papers.find((p) => p.id === value) ?? papers.find((p) => p.title.toLowerCase().includes(value.toLowerCase()));
  if (!found) throw new QuestionError("There is no such paper here. Start typing a title and pick one from the list, or use /paper to see them all.");
  return found.id;
}
