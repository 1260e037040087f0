/** Picks the adapter: the Discord bot when DISCORD_TOKEN is set, else the local question prompt. */
import { createLogger } from "./log.js";
import { settingsOrExit } from "./settings.js";
import { openWithProgress } from "./terminal/open.js";
import { runPrompt } from "./terminal/repl.js";

const config = settingsOrExit();

if (config.DISCORD_TOKEN) {
  const log = createLogger(config.LOG_LEVEL);
  // A failure nobody caught (in a library's callback, say) is logged, and the bot goes on serving:
  // every handler of ours catches its own errors, so what reaches here concerns one request at most.
  process.on("uncaughtException", (err) => log.error({ err: { name: err.name, message: err.message, stack: err.stack } }, "An uncaught error; carrying on."));
  process.on("unhandledRejection", (reason) =>
    log.error({ err: reason instanceof Error ? { name: reason.name, message: reason.message, stack: reason.stack } : { message: String(reason) } }, "An unhandled rejection; carrying on."),
  );
  const { startBot } = await import("./discord/bot.js");
  const { EnginePool } = await import("./engine-pool/pool.js");
  const local = await openWithProgress(config, log);
  // The main thread keeps the gateway and REST; questions are answered in worker threads.
  const engine = config.ANSWER_WORKERS > 0 ? await EnginePool.start(local, config, log, config.ANSWER_WORKERS) : local;
  const bot = await startBot({ config, engine, log }).catch((err: Error) => {
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
