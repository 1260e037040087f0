/** Short private notices on an interaction, whatever state its reply is in. */
import { MessageFlags, type BaseMessageOptions, type RepliableInteraction } from "discord.js";
import { textMessage } from "./render.js";

export async function notifyPrivately(interaction: RepliableInteraction, text: string): Promise<void> {
  const notice = textMessage(text);
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply({ ...notice, flags: MessageFlags.Ephemeral });
  } else if (interaction.replied) {
    await interaction.followUp({ ...notice, flags: MessageFlags.Ephemeral });
  } else if (interaction.ephemeral) {
    await interaction.editReply(notice);
  } else {
    // A public "thinking…" placeholder cannot become private: remove it, then answer privately.
    await interaction.deleteReply();
    await interaction.followUp({ ...notice, flags: MessageFlags.Ephemeral });
  }
}

/** The reply, privately with `private`; the edit of the reply when it was deferred (as privately as the deferral). */
export async function replyWith(interaction: RepliableInteraction, message: BaseMessageOptions, opts: { private?: boolean } = {}): Promise<void> {
  if (interaction.deferred) await interaction.editReply(message);
  else await interaction.reply(opts.private ? { ...message, flags: MessageFlags.Ephemeral } : message);
}
