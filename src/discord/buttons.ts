/** Button presses: show a passage in full, the next page of a reply, or record a 👍/👎. Answers go to the presser only. */
import { MessageFlags, type ButtonInteraction } from "discord.js";
import type { BotContext } from "./context.js";
import { decodeCustomId } from "./custom-id.js";
import { engineFor } from "./guild-engine.js";
import { handleLibraryButton } from "./commands/library.js";
import { fullPassagePages } from "./format/passages.js";
import type { Page } from "./format/types.js";
import { pageMessage } from "./render.js";
import { notifyPrivately } from "./respond.js";

function showPrivately(interaction: ButtonInteraction, page: Page) {
  return interaction.reply({ ...pageMessage(page), flags: MessageFlags.Ephemeral });
}

export async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  if (await handleLibraryButton(interaction, ctx)) return;
  const target = decodeCustomId(interaction.customId);
  if (!target) return notifyPrivately(interaction, "This button no longer works; please ask again.");
  switch (target.kind) {
    case "passage": {
      // Looked up in the presser's server only: an id from another server's library finds nothing.
      const passage = (await engineFor(ctx, interaction.guildId)).passage(target.passageId);
      if (!passage) {
        return notifyPrivately(interaction, "That passage is gone: the papers were indexed again since. Please ask again.");
      }
      await showPrivately(interaction, ctx.pages.start(fullPassagePages(passage), "More"));
      return;
    }
    case "page": {
      const page = ctx.pages.get(target.key, target.index);
      if (!page) return notifyPrivately(interaction, "This reply has expired; please ask again.");
      await showPrivately(interaction, page);
      return;
    }
    case "vote": {
      const recorded = ctx.feedback.recordVote(target.questionId, interaction.user.id, target.vote);
      return notifyPrivately(interaction, recorded ? "Thanks for the feedback." : "That question is no longer on record.");
    }
  }
}
