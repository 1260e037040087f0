/** Picks the adapter: the Discord bot when DISCORD_TOKEN is set, else the local question prompt. */
import { createLogger } from "./log.js";
import { settingsOrExit } from "./settings.js";
import { openWithProgress } from "./terminal/open.js";
import { runPrompt } from "./terminal/repl.js";

const config = settingsOrExit();

if (config.DISCORD_TOKEN) {
  const log = createLogger(config.LOG_LEVEL);
  const { startBot } = await import("./discord/bot.js");
  const { openLibraries } = await import("./libraries/open.js");
  const engine = await openWithProgress(config, log);
  const bot = await startBot({ config, engine, log, libraries: (db) => openLibraries(config, db, engine, log) }).catch((err: Error) => {
    // A refused token or intent, or an unwritable DATA_DIR: the message says what to change.
    log.fatal(`The Discord bot could not start: ${err.message}`);
    log.debug({ err }, "start-up failure");
    process.exit(1);
  });
  const stop = async (signal: string) => {
    log.info(`Received ${signal}; shutting down.`);
    await bot.stop();
    await engine.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
} else {
  const log = createLogger(config.LOG_LEVEL, { pretty: true });
  const engine = await openWithProgress(config, log);
  await runPrompt(engine, process.stdin, process.stdout);
}
