/**
 * /library: each server's own papers, managed from Discord. Moderators and the librarian roles set
 * with /config library-roles add and remove papers; everyone may list, show and export them. Every
 * reply is private. A server's papers are read only by that server, with the host's shared papers.
 */
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type PermissionsBitField,
} from "discord.js";
import { allowedOrigins, downloadAttachment, tooBig } from "../../libraries/download.js";
import type { Libraries } from "../../libraries/libraries.js";
import { LibraryRefusal } from "../../libraries/refusal.js";
import type { BotContext } from "../context.js";
import { addedText, bibtexFile, libraryPages, progressText, readingList } from "../format/library.js";
import { LIMITS } from "../format/limits.js";
import { escapeText, italic, shorten } from "../format/markdown.js";
import { paperPages } from "../format/paper.js";
import { MODERATOR_PERMISSION } from "../guards.js";
import { engineNow, engineToReply, papersFor } from "../guild-engine.js";
import { paperChoices } from "../paper-option.js";
import { logExchange } from "../records.js";
import { pageMessage, textMessage } from "../render.js";
import { requesterOf, roleIdsOf } from "../requester.js";
import { notifyPrivately, replyWith } from "../respond.js";
import type { SlashCommand } from "../slash-command.js";

const MB = 1024 * 1024;
/** Discord allows an edit every second or so; progress is shown at most this often. */
const PROGRESS_EVERY_MS = 1500;
const REMOVE_PREFIX = "library:remove:";
const FILE_NAME_SHOWN = 80;

const privately = { flags: MessageFlags.Ephemeral } as const;

/** Moderators, and members with one of the server's librarian roles. */
function editRefusal(ctx: BotContext, guildId: string, permissions: Readonly<PermissionsBitField> | null, roleIds: readonly string[]): string | undefined {
  if (permissions?.has(MODERATOR_PERMISSION)) return undefined;
  const roles = ctx.serverSettings.get(guildId).libraryRoles;
  if (roles.some((id) => roleIds.includes(id))) return undefined;
  return "Only moderators (Manage Server) and members with a librarian role (/config library-roles) can change this server's library.";
}

const removeButton = (paperId: string, label: string) => {
  const customId = `${REMOVE_PREFIX}${paperId}`;
  return customId.length > LIMITS.customId
    ? []
    : [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId(customId).setLabel(label).setStyle(ButtonStyle.Danger))];
};

const authorsOf = (text: string | null) =>
  text
    ?.split(/;|\band\b|&/)
    .map((a) => a.trim())
    .filter(Boolean);

async function add(interaction: ChatInputCommandInteraction<"cached" | "raw">, ctx: BotContext, libraries: Libraries): Promise<void> {
  const file = interaction.options.getAttachment("file", true);
  const maxBytes = ctx.config.LIBRARY_MAX_FILE_MB * MB;
  if (file.size > maxBytes) return notifyPrivately(interaction, tooBig(maxBytes).message);
  const name = shorten(file.name, FILE_NAME_SHOWN);
  await interaction.reply({ ...textMessage(`Reading ${italic(escapeText(name))}…`), ...privately });
  // Edits go out one after another, so a late progress edit never overwrites the result.
  let edits = Promise.resolve();
  let lastShown = 0;
  const show = (text: string, components: ActionRowBuilder<ButtonBuilder>[] = []) => {
    edits = edits.then(() => interaction.editReply({ ...textMessage(text), components })).then(
      () => undefined,
      () => undefined,
    );
    return edits;
  };
  try {
    const bytes = await downloadAttachment(file.url, {
      origins: allowedOrigins(ctx.config.DISCORD_CDN_URL),
      maxBytes,
      timeoutMs: ctx.config.LIBRARY_DOWNLOAD_SECONDS * 1000,
    });
    const title = interaction.options.getString("title")?.trim();
    const authors = authorsOf(interaction.options.getString("authors"));
    const year = interaction.options.getInteger("year") ?? undefined;
    const added = await libraries.add({
      guildId: interaction.guildId,
      bytes,
      fileName: file.name,
      overrides: { ...(title ? { title } : {}), ...(authors?.length ? { authors } : {}), ...(year ? { year } : {}) },
      addedBy: interaction.user.id,
      onProgress: (fraction) => {
        const now = Date.now();
        if (now - lastShown < PROGRESS_EVERY_MS) return;
        lastShown = now;
        void show(progressText(name, fraction));
      },
    });
    logExchange(ctx, requesterOf(interaction), "library", `add ${file.name}`, `Added “${added.meta.title}” (${added.paper.passages} passages)`);
    await show(addedText({ ...added, passages: added.paper.passages }), removeButton(added.paper.paperId, "Undo"));
  } catch (err) {
    if (!(err instanceof LibraryRefusal)) throw err;
    logExchange(ctx, requesterOf(interaction), "library", `add ${file.name}`, `Refused: ${err.message}`);
    await show(`${italic(escapeText(name))} was not added. ${err.message}`);
  }
}

async function removePaper(interaction: ButtonInteraction | ChatInputCommandInteraction, ctx: BotContext, libraries: Libraries, guildId: string, paperId: string): Promise<void> {
  await interaction.deferReply(privately);
  const removed = await libraries.remove(guildId, paperId);
  if (!removed) {
    await interaction.editReply(textMessage("That paper is not in this server's library (it may have been removed already)."));
    return;
  }
  logExchange(ctx, requesterOf(interaction), "library", `remove ${removed.title}`, `Removed “${removed.title}”`);
  await interaction.editReply(textMessage(`Removed ${italic(escapeText(shorten(removed.title, 200)))} from this server's library.`));
}

async function execute(interaction: ChatInputCommandInteraction<"cached" | "raw">, ctx: BotContext, libraries: Libraries): Promise<void> {
  const { guildId } = interaction;
  const subcommand = interaction.options.getSubcommand(true);
  if (subcommand === "add" || subcommand === "remove") {
    const refusal = editRefusal(ctx, guildId, interaction.memberPermissions, roleIdsOf(interaction.member));
    if (refusal) return notifyPrivately(interaction, refusal);
  }
  switch (subcommand) {
    case "add":
      return add(interaction, ctx, libraries);
    case "list": {
      const showWho = Boolean(interaction.memberPermissions?.has(MODERATOR_PERMISSION));
      const pages = libraryPages(libraries.papers(guildId), ctx.engine.papers(), showWho);
      await interaction.reply({ ...pageMessage(ctx.pages.start(pages, "More")), ...privately });
      return;
    }
    case "remove": {
      const paperId = interaction.options.getString("paper", true);
      const paper = libraries.papers(guildId).find((p) => p.paperId === paperId || p.title.toLowerCase() === paperId.toLowerCase());
      if (!paper) return notifyPrivately(interaction, "There is no such paper in this server's library. Start typing a title and pick one from the list.");
      await interaction.reply({
        ...textMessage(`Remove ${italic(escapeText(shorten(paper.title, 200)))} from this server's library? Members will no longer get answers from it.`),
        components: removeButton(paper.paperId, "Remove"),
        ...privately,
      });
      return;
    }
    case "show": {
      const engine = await engineToReply(interaction, ctx, { private: true });
      const wanted = interaction.options.getString("paper", true);
      const meta = engine.papers().find((p) => p.id === wanted) ?? engine.papers().find((p) => p.title.toLowerCase().includes(wanted.toLowerCase()));
      if (!meta) return notifyPrivately(interaction, "There is no such paper here. Start typing a title and pick one from the list.");
      const own = libraries.papers(guildId).find((p) => p.paperId === meta.id);
      const [first, ...rest] = paperPages([meta], engine.sections(meta.id));
      const footer = own ? `In this server's library · ${own.passages} passages` : "Shared paper, read in every server";
      const page = { ...first!, embeds: first!.embeds.map((e, i) => (i === 0 ? { ...e, footer } : e)) };
      await replyWith(interaction, pageMessage(ctx.pages.start([page, ...rest], "More")), { private: true });
      return;
    }
    case "export": {
      const ids = new Set(libraries.papers(guildId).map((p) => p.paperId));
      if (ids.size === 0) return notifyPrivately(interaction, "This server's library has no papers yet, so there is nothing to export.");
      const papers = (await engineToReply(interaction, ctx, { private: true })).papers().filter((p) => ids.has(p.id));
      const server = interaction.guild?.name ?? "this server";
      await replyWith(interaction, {
        ...textMessage(`This server's library: ${papers.length} paper(s), as BibTeX and as an APA reading list.`),
        files: [
          new AttachmentBuilder(Buffer.from(bibtexFile(papers), "utf8"), { name: "library.bib" }),
          new AttachmentBuilder(Buffer.from(readingList(papers, server), "utf8"), { name: "reading-list.md" }),
        ],
      }, { private: true });
      return;
    }
    default:
      throw new Error(`/library has no subcommand ${subcommand}`);
  }
}

/** The Undo and Remove buttons: checked again on press, and scoped to the presser's server, so a tampered id removes nothing elsewhere. */
export async function handleLibraryButton(interaction: ButtonInteraction, ctx: BotContext): Promise<boolean> {
  if (!interaction.customId.startsWith(REMOVE_PREFIX)) return false;
  if (!interaction.inGuild() || !ctx.libraries) {
    await notifyPrivately(interaction, "This button no longer works.");
    return true;
  }
  const refusal = editRefusal(ctx, interaction.guildId, interaction.memberPermissions, roleIdsOf(interaction.member));
  if (refusal) await notifyPrivately(interaction, refusal);
  else await removePaper(interaction, ctx, ctx.libraries, interaction.guildId, interaction.customId.slice(REMOVE_PREFIX.length));
  return true;
}

export const library: SlashCommand = {
  name: "library",
  definition: () =>
    new SlashCommandBuilder()
      .setName("library")
      .setDescription("This server's own papers: add, list, show, remove and export them")
      .setContexts(InteractionContextType.Guild)
      .addSubcommand((s) =>
        s
          .setName("add")
          .setDescription("Moderators and librarians: add a paper (PDF, Word, Markdown, HTML or text)")
          .addAttachmentOption((o) => o.setName("file").setDescription("The paper").setRequired(true))
          .addStringOption((o) => o.setName("title").setDescription("Its title, if the file does not say").setMaxLength(300))
          .addStringOption((o) => o.setName("authors").setDescription("Its authors, separated by ;").setMaxLength(500))
          .addIntegerOption((o) => o.setName("year").setDescription("The year it was published").setMinValue(1000).setMaxValue(2100)),
      )
      .addSubcommand((s) => s.setName("list").setDescription("This server's papers and the shared ones"))
      .addSubcommand((s) =>
        s
          .setName("remove")
          .setDescription("Moderators and librarians: take a paper out of this server's library")
          .addStringOption((o) => o.setName("paper").setDescription("Start typing its title").setRequired(true).setAutocomplete(true)),
      )
      .addSubcommand((s) =>
        s
          .setName("show")
          .setDescription("A paper's details, sections and citation")
          .addStringOption((o) => o.setName("paper").setDescription("Start typing its title").setRequired(true).setAutocomplete(true)),
      )
      .addSubcommand((s) => s.setName("export").setDescription("This server's papers as a .bib file and an APA reading list"))
      .toJSON(),

  async autocomplete(interaction, ctx) {
    // From an engine already open, else from the records: a cold library would make the list miss Discord's 3 s.
    const all = engineNow(ctx, interaction.guildId)?.papers() ?? papersFor(ctx, interaction.guildId);
    const own = new Set(interaction.guildId ? (ctx.libraries?.papers(interaction.guildId) ?? []).map((p) => p.paperId) : []);
    const papers = interaction.options.getSubcommand() === "remove" ? all.filter((p) => own.has(p.id)) : all;
    await interaction.respond(paperChoices(papers, interaction.options.getFocused()));
  },

  async execute(interaction, ctx) {
    if (!interaction.inGuild()) return;
    if (!ctx.libraries) return notifyPrivately(interaction, "This bot does not keep libraries for servers; its host adds papers.");
    await execute(interaction, ctx, ctx.libraries);
  },
};
