/** Publishes the slash commands: to one server when DISCORD_GUILD_ID is set (instant), else globally (Discord may take up to an hour). */
import { REST, Routes, type APIApplication, type APIApplicationCommand } from "discord.js";
import type { Config } from "../config.js";
import { commandDefinitions } from "./commands/index.js";

export interface Registration {
  scope: "guild" | "global";
  commands: string[];
}

type RegistrationSettings = Pick<Config, "DISCORD_TOKEN" | "DISCORD_API_URL" | "DISCORD_GUILD_ID" | "MAX_QUESTION_LENGTH">;

/** Replaces the application's commands in that scope with exactly this bot's set. */
export async function registerCommands(config: RegistrationSettings): Promise<Registration> {
  if (!config.DISCORD_TOKEN) throw new Error("DISCORD_TOKEN is not set, so the commands cannot be registered.");
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN);
  const app = (await rest.get(Routes.currentApplication())) as APIApplication;
  const route = config.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(app.id, config.DISCORD_GUILD_ID)
    : Routes.applicationCommands(app.id);
  const registered = (await rest.put(route, { body: commandDefinitions(config) })) as APIApplicationCommand[];
  return { scope: config.DISCORD_GUILD_ID ? "guild" : "global", commands: registered.map((c) => c.name) };
}
