/** The shape of each file in commands/: its definition for registration, and its handlers. */
import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { Config } from "../config.js";
import type { BotContext } from "./context.js";

export interface SlashCommand {
  name: string;
  /**
   * For moderators (Manage Server) only: registered so that Discord hides it from other members,
   * and refused by the bot to anyone else. Exempt from the channel and rate limits, so that a
   * moderator can always undo a setting, from any channel.
   */
  moderatorsOnly?: boolean;
  /**
   * Its work waits its turn in the answer queue (ctx.work): when the queue is full the user is told
   * the bot is busy before anything else happens.
   */
  queued?: boolean;
  /**
   * Refusals that need no engine work (an over-long question, a role the server requires), checked
   * before the rate limits so that a refused request costs nothing.
   */
  refusal?(interaction: ChatInputCommandInteraction, ctx: BotContext): string | undefined;
  /** The JSON `npm run register` sends; built from settings such as the question length limit. */
  definition(config: Pick<Config, "MAX_QUESTION_LENGTH">): RESTPostAPIChatInputApplicationCommandsJSONBody;
  /**
   * Acknowledges first (a deferral, or the whole reply when it is cheap), before any engine work or
   * database write. May throw QuestionError or QueueFullError to refuse the request after all: the
   * user is told why, and it costs nothing.
   */
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}
