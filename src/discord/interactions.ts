/** Routes each interaction to its command, autocomplete or button handler; a failure becomes a private apology. */
import type { ChatInputCommandInteraction, Interaction } from "discord.js";
import { handleButton } from "./buttons.js";
import { COMMANDS } from "./commands/index.js";
import type { BotContext } from "./context.js";
import { errorFields } from "./error-fields.js";
import { interactionExpired, replyWindowGone } from "./first-response.js";
import { busyText } from "./format/busy.js";
import { requesterOf } from "./requester.js";
import { notifyPrivately } from "./respond.js";
import type { SlashCommand } from "./slash-command.js";
import { QueueFullError } from "./work-queue.js";
import { QuestionError } from "../engine-api.js";

const byName = new Map(COMMANDS.map((c) => [c.name, c]));

/**
 * The command's own checks, then the channel and rate limits, then room in the answer queue, all
 * in memory so that the reply (or deferral) goes out at once; a request refused after all, by the
 * engine (QuestionError) or a full queue, gets its points back.
 */
async function runCommand(command: SlashCommand, interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (command.moderatorsOnly) {
    const refusal = ctx.guards.moderatorRefusal(interaction.memberPermissions);
    return refusal ? notifyPrivately(interaction, refusal) : command.execute(interaction, ctx);
  }
  const refusal = command.refusal?.(interaction, ctx);
  if (refusal) return notifyPrivately(interaction, refusal);
  const admission = await ctx.guards.admit(requesterOf(interaction));
  if (admission.refusal !== undefined) return notifyPrivately(interaction, admission.refusal);
  const busy = command.queued ? ctx.work.busyFor() : undefined;
  if (busy !== undefined) {
    await admission.refund();
    return notifyPrivately(interaction, busyText(busy));
  }
  try {
    await command.execute(interaction, ctx);
  } catch (err) {
    if (!(err instanceof QuestionError || err instanceof QueueFullError)) throw err;
    await admission.refund();
    await notifyPrivately(interaction, err instanceof QueueFullError ? busyText(err.waitSeconds) : err.message);
  }
}

async function route(interaction: Interaction, ctx: BotContext): Promise<void> {
  if (interaction.isChatInputCommand()) {
    const command = byName.get(interaction.commandName);
    if (!command) return notifyPrivately(interaction, "I don't know that command any more; it may have been removed.");
    await runCommand(command, interaction, ctx);
  } else if (interaction.isAutocomplete()) {
    await byName.get(interaction.commandName)?.autocomplete?.(interaction, ctx);
  } else if (interaction.isButton()) {
    await handleButton(interaction, ctx);
  }
}

/** Never throws: the gateway's event loop must not see a rejected promise. */
export async function handleInteraction(interaction: Interaction, ctx: BotContext): Promise<void> {
  ctx.acks.hold(interaction);
  try {
    await route(interaction, ctx);
  } catch (err) {
    // A reply (a refusal, "busy", autocomplete choices) that came too late: telling the user again would fail the same way.
    if (interaction.isRepliable() ? replyWindowGone(err, interaction) : interactionExpired(err)) {
      ctx.log.warn({ interactionId: interaction.id }, "A reply could not be delivered: its interaction had expired.");
      return;
    }
    ctx.log.error({ ...errorFields(err), interactionId: interaction.id }, "An interaction failed.");
    if (!interaction.isRepliable()) return;
    try {
      await notifyPrivately(interaction, "Sorry, something went wrong on my side. Please try again.");
    } catch (notifyErr) {
      ctx.log.warn(errorFields(notifyErr), "Could not tell the user about the failure.");
    }
  } finally {
    ctx.acks.release(interaction);
  }
}
