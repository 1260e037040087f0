/** Every slash command, for registration and for routing interactions. */
import type { Config } from "../../config.js";
import type { SlashCommand } from "../slash-command.js";
import { ask } from "./ask.js";
import { help } from "./help.js";
import { paper } from "./paper.js";
import { quote } from "./quote.js";
import { search } from "./search.js";

export const COMMANDS: readonly SlashCommand[] = [ask, search, quote, paper, help];

export function commandDefinitions(config: Pick<Config, "MAX_QUESTION_LENGTH">) {
  return COMMANDS.map((c) => c.definition(config));
}
