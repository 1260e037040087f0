/**
 * /config: a server's moderators choose where the bot answers, who may use /debate, how often
 * members and the server may ask, and whether mentions are answered. Kept in the database, so
 * they survive restarts. Every reply is private and says the setting as it now stands.
 */
import {
  ChannelType,
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
  channelMention,
  roleMention,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
  type SlashCommandSubcommandGroupBuilder,
} from "discord.js";
import type { ServerList, ServerSettings } from "../../db/server-settings.js";
import type { BotContext } from "../context.js";
import {
  channelsText,
  cooldownText,
  debateRolesText,
  libraryRolesText,
  mentionsText,
  serverRateText,
  settingsDescription,
  type OperatorSettings,
} from "../format/settings.js";
import { errorFields } from "../error-fields.js";
import { DATABASE_UNAVAILABLE } from "../format/database.js";
import { pageMessage, textMessage } from "../render.js";
import type { SlashCommand } from "../slash-command.js";

/** Keeps /config show within one embed, and no server needs more. */
const MAX_LIST_ENTRIES = 50;
const MAX_COOLDOWN_SECONDS = 3600;
const MAX_SERVER_RATE = 600;

type ListGroup = "channels" | "debate-roles" | "library-roles";

interface ListSpec {
  list: ServerList;
  option: "channel" | "role";
  noun: string;
  mention(id: string): string;
  describe(settings: ServerSettings, operator: OperatorSettings): string;
}

/** The two lists /config edits, by subcommand group. */
const LISTS: Record<ListGroup, ListSpec> = {
  channels: {
    list: "channels",
    option: "channel",
    noun: "channels",
    mention: channelMention,
    describe: (s, operator) => channelsText(s.channels, operator),
  },
  "debate-roles": {
    list: "debateRoles",
    option: "role",
    noun: "roles",
    mention: roleMention,
    describe: (s) => debateRolesText(s.debateRoles),
  },
  "library-roles": {
    list: "libraryRoles",
    option: "role",
    noun: "roles",
    mention: roleMention,
    describe: (s) => libraryRolesText(s.libraryRoles),
  },
};

function withTarget(s: SlashCommandSubcommandBuilder, option: ListSpec["option"]): SlashCommandSubcommandBuilder {
  return option === "channel"
    ? s.addChannelOption((o) =>
        o
          .setName("channel")
          .setDescription("The channel (its threads count too)")
          .setRequired(true)
          .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum),
      )
    : s.addRoleOption((o) => o.setName("role").setDescription("The role").setRequired(true));
}

function listGroup(group: SlashCommandSubcommandGroupBuilder, name: ListGroup, what: string): SlashCommandSubcommandGroupBuilder {
  const { option } = LISTS[name];
  return group
    .setName(name)
    .setDescription(what)
    .addSubcommand((s) => withTarget(s.setName("add").setDescription(`Add a ${option}`), option))
    .addSubcommand((s) => withTarget(s.setName("remove").setDescription(`Remove a ${option}`), option))
    .addSubcommand((s) => s.setName("clear").setDescription(`Remove every ${option} from the list`));
}

function changeList(interaction: ChatInputCommandInteraction, ctx: BotContext, guildId: string, group: ListGroup, action: string): string {
  const spec = LISTS[group];
  const db = ctx.serverSettings;
  let note = "";
  if (action === "clear") {
    db.clear(guildId, spec.list);
  } else {
    const id =
      spec.option === "channel" ? interaction.options.getChannel("channel", true).id : interaction.options.getRole("role", true).id;
    if (action === "add") {
      if (db.get(guildId)[spec.list].length >= MAX_LIST_ENTRIES) {
        return `The list can hold ${MAX_LIST_ENTRIES} ${spec.noun}; remove one first.`;
      }
      if (!db.add(guildId, spec.list, id)) note = `${spec.mention(id)} was already on the list. `;
    } else if (!db.remove(guildId, spec.list, id)) {
      note = `${spec.mention(id)} was not on the list. `;
    }
  }
  return note + spec.describe(db.get(guildId), ctx.config);
}

function changeOption(interaction: ChatInputCommandInteraction, ctx: BotContext, guildId: string, subcommand: string): string {
  const db = ctx.serverSettings;
  switch (subcommand) {
    case "cooldown": {
      const seconds = interaction.options.getInteger("seconds", true);
      db.set(guildId, "cooldownSeconds", seconds);
      return cooldownText(seconds);
    }
    case "server-rate": {
      const perMinute = interaction.options.getInteger("per_minute", true);
      db.set(guildId, "answersPerMinute", perMinute);
      return serverRateText(perMinute, ctx.config);
    }
    case "mentions": {
      const on = interaction.options.getString("state", true) === "on";
      db.set(guildId, "mentions", on);
      return mentionsText(on, ctx.config);
    }
    default:
      throw new Error(`/config has no subcommand ${subcommand}`);
  }
}

export const config: SlashCommand = {
  name: "config",
  moderatorsOnly: true,
  definition: () =>
    new SlashCommandBuilder()
      .setName("config")
      .setDescription("Moderators: where, for whom and how often the bot answers in this server")
      .setContexts(InteractionContextType.Guild)
      .addSubcommand((s) => s.setName("show").setDescription("Show this server's settings"))
      .addSubcommandGroup((g) => listGroup(g, "channels", "Channels the bot answers in (none listed: every channel)"))
      .addSubcommandGroup((g) => listGroup(g, "debate-roles", "Roles that may use /debate (none listed: everyone)"))
      .addSubcommandGroup((g) => listGroup(g, "library-roles", "Roles that may change the library, besides moderators"))
      .addSubcommand((s) =>
        s
          .setName("cooldown")
          .setDescription("Seconds each member waits between requests (0: no wait)")
          .addIntegerOption((o) => o.setName("seconds").setDescription("Seconds").setRequired(true).setMinValue(0).setMaxValue(MAX_COOLDOWN_SECONDS)),
      )
      .addSubcommand((s) =>
        s
          .setName("server-rate")
          .setDescription("Requests the whole server may make per minute (0: no limit)")
          .addIntegerOption((o) =>
            o.setName("per_minute").setDescription("Requests per minute").setRequired(true).setMinValue(0).setMaxValue(MAX_SERVER_RATE),
          ),
      )
      .addSubcommand((s) =>
        s
          .setName("mentions")
          .setDescription("Whether the bot answers @mentions in this server")
          .addStringOption((o) =>
            o.setName("state").setDescription("On or off").setRequired(true).addChoices({ name: "on", value: "on" }, { name: "off", value: "off" }),
          ),
      )
      .toJSON(),

  async execute(interaction, ctx) {
    // Registered for servers only, and the moderator check needs a member: this only narrows the type.
    if (!interaction.inGuild()) return;
    const { guildId } = interaction;
    const group = interaction.options.getSubcommandGroup() as ListGroup | null;
    const subcommand = interaction.options.getSubcommand(true);
    // The database may be slow or locked: acknowledge before touching it.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    if (!group && subcommand === "show") {
      const page = { embeds: [{ description: settingsDescription(ctx.serverSettings.get(guildId), ctx.config) }], actions: [] };
      await interaction.editReply(pageMessage(page));
      return;
    }
    let text: string;
    try {
      text = group ? changeList(interaction, ctx, guildId, group, subcommand) : changeOption(interaction, ctx, guildId, subcommand);
    } catch (err) {
      ctx.log.warn({ ...errorFields(err), guildId }, "Could not save a server setting.");
      await interaction.editReply(textMessage(DATABASE_UNAVAILABLE));
      return;
    }
    ctx.log.info({ guildId, userId: interaction.user.id, setting: [group, subcommand].filter(Boolean).join(" ") }, "Server settings changed.");
    await interaction.editReply(textMessage(text));
  },
};
