/** Every slash command, for registration and for routing interactions. */
import type { Config } from "../../config.js";
import { MODERATOR_PERMISSION } from "../guards.js";
import type { SlashCommand } from "../slash-command.js";
import { ask } from "./ask.js";
import { config } from "./config.js";
import { debate } from "./debate.js";
import { help } from "./help.js";
import { library } from "./library.js";
import { log } from "./log.js";
import { paper } from "./paper.js";
import { quote } from "./quote.js";
import { reindex } from "./reindex.js";
import { search } from "./search.js";

export const COMMANDS: readonly SlashCommand[] = [ask, search, quote, paper, debate, help, config, log, reindex, library];

/** Moderator commands are registered with Manage Server as their default permission, so Discord shows them to moderators only. */
export function commandDefinitions(settings: Pick<Config, "MAX_QUESTION_LENGTH">) {
  return COMMANDS.map((c) => {
    const definition = c.definition(settings);
    return c.moderatorsOnly ? { ...definition, default_member_permissions: String(MODERATOR_PERMISSION) } : definition;
  });
}
