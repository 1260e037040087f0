/** /debate motion [side]: verbatim evidence for and against a motion, grouped by side, with the pack as a Markdown file. */
import { AttachmentBuilder, InteractionContextType, SlashCommandBuilder } from "discord.js";
import { deferAnswer } from "../first-response.js";
import { debateMessages } from "../format/debate.js";
import { debateSummary } from "../format/summary.js";
import { logExchange } from "../records.js";
import { pageMessage } from "../render.js";
import { requesterOf, roleIdsOf } from "../requester.js";
import { settleLater } from "../work-queue.js";
import type { SlashCommand } from "../slash-command.js";
import { queuedOnEngine } from "../guild-engine.js";
import { evidencePackMarkdown, type Side } from "../../engine-api.js";

const EVIDENCE_PACK_FILE = "evidence-pack.md";

export const debate: SlashCommand = {
  name: "debate",
  queued: true,
  definition: (config) =>
    new SlashCommandBuilder()
      .setName("debate")
      .setDescription("Evidence for and against a motion, quoted word for word from the papers")
      .setContexts(InteractionContextType.Guild)
      .addStringOption((o) =>
        o.setName("motion").setDescription("The motion, e.g. “the partnership is mainly about Iran”").setRequired(true).setMaxLength(config.MAX_QUESTION_LENGTH),
      )
      .addStringOption((o) =>
        o
          .setName("side")
          .setDescription("Only the evidence for, or only against, the motion")
          .addChoices({ name: "For", value: "for" }, { name: "Against", value: "against" }),
      )
      .toJSON(),

  refusal: (interaction, ctx) =>
    ctx.guards.debateRefusal(interaction.guildId, roleIdsOf(interaction.member)) ??
    ctx.guards.questionTooLong(interaction.options.getString("motion", true)),

  async execute(interaction, ctx) {
    const motion = interaction.options.getString("motion", true);
    // Discord only sends one of the registered choices.
    const side = (interaction.options.getString("side") ?? undefined) as Side | undefined;
    const requester = requesterOf(interaction);
    const found = settleLater(queuedOnEngine(ctx, requester, (engine) => engine.debate(motion, side ? { side } : {})));
    const reply = await deferAnswer(interaction, ctx, { private: false, asked: motion });
    const pack = await found;
    await ctx.acks.idle();
    logExchange(ctx, requester, "debate", motion, debateSummary(pack));
    const file = new AttachmentBuilder(Buffer.from(evidencePackMarkdown(pack), "utf8"), { name: EVIDENCE_PACK_FILE });
    const [first, ...rest] = debateMessages(pack).map((pages) => pageMessage(ctx.pages.start(pages, "More")));
    await reply.send({ ...first!, files: [file] });
    for (const message of rest) await reply.more(message);
  },
};
