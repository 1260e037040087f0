/** `npm run register`: publishes the slash commands with the settings from .env. */
import { settingsOrExit } from "../settings.js";
import { registerCommands } from "./registration.js";

const config = settingsOrExit();
try {
  const { scope, commands } = await registerCommands(config);
  const where =
    scope === "guild"
      ? `in server ${config.DISCORD_GUILD_ID} (available now)`
      : "globally (they can take up to an hour to appear; set DISCORD_GUILD_ID to register them in one server at once)";
  process.stdout.write(`Registered ${commands.map((c) => `/${c}`).join(", ")} ${where}.\n`);
} catch (err) {
  process.stderr.write(`Could not register the commands: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
