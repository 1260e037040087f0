/** Button presses: show a passage in full, the next page of a reply, or record a 👍/👎. Answers go to the presser only. */
import type { ButtonInteraction } from "discord.js";
import type { BotContext } from "./context.js";
import { decodeCustomId } from "./custom-id.js";
import { engineToReply } from "./guild-engine.js";
import { handleLibraryButton } from "./commands/library.js";
import { errorFields } from "./error-fields.js";
import { fullPassagePages } from "./format/passages.js";
import type { Page } from "./format/types.js";
import { pageMessage } from "./render.js";
import { notifyPrivately, replyWith } from "./respond.js";

function showPrivately(interaction: ButtonInteraction, page: Page) {
  return replyWith(interaction, pageMessage(page), { private: true });
}

/**
 * The server whose answer carried the button: from memory for recent answers (whose row may not be
 * written yet), else from the database; undefined when unknown or unreadable.
 */
function answeredIn(ctx: BotContext, questionId: number): string | undefined {
  const recent = ctx.answeredIn.get(questionId);
  if (recent !== undefined) return recent;
  try {
    return ctx.feedback.questionGuild(questionId) ?? undefined;
  } catch (err) {
    ctx.log.warn(errorFields(err), "Could not look up the question a vote is for.");
    return undefined;
  }
}

export async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  if (await handleLibraryButton(interaction, ctx)) return;
  const target = decodeCustomId(interaction.customId);
  if (!target) return notifyPrivately(interaction, "This button no longer works; please ask again.");
  switch (target.kind) {
    case "passage": {
      // Looked up in the presser's server only: an id from another server's library finds nothing.
      const passage = (await engineToReply(interaction, ctx, { private: true })).passage(target.passageId);
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
      const { questionId, vote } = target;
      const guildId = interaction.guildId ?? "";
      if (answeredIn(ctx, questionId) !== guildId) return notifyPrivately(interaction, "That question is no longer on record.");
      const userId = interaction.user.id;
      ctx.writer.enqueue({ what: "vote", run: () => ctx.feedback.recordVote(questionId, userId, vote, guildId) });
      return notifyPrivately(interaction, "Thanks for the feedback.");
    }
  }
}
