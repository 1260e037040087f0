/** Picks the adapter: the Discord bot when DISCORD_TOKEN is set, else the local question prompt. */
import { Command } from "commander";
import { createLogger } from "./log.js";
import { packageVersion } from "./package-root.js";
import { settingsOrExit } from "./settings.js";
import { openWithProgress } from "./terminal/open.js";
import { runPrompt } from "./terminal/repl.js";
import { colourFor, layoutFor } from "./terminal/tty.js";

const version = packageVersion();
new Command("main")
  .description(
    "Runs the Discord bot when DISCORD_TOKEN is set, otherwise a question prompt about the papers in the corpus folder.\n" +
      "Started by `npm start`, `node dist/main.js` or the Docker image; the one-shot commands are in `footnote --help`.",
  )
  .version(version, "-v, --version", "print the version")
  .helpOption("-h, --help", "show this help")
  .addHelpText("after", "\nSettings come from .env beside package.json and from the environment (see .env.example).")
  .parse();

const config = settingsOrExit();
// Readable lines for a person watching a terminal; JSON lines for a service manager or log collector.
const onTerminal = process.stderr.isTTY === true;
const log = createLogger(config.LOG_LEVEL, { pretty: onTerminal || !config.DISCORD_TOKEN, colour: colourFor(process.stderr, process.env) });

if (config.DISCORD_TOKEN) {
  // A failure nobody caught (in a library's callback, say) is logged, and the bot goes on serving:
  // every handler of ours catches its own errors, so what reaches here concerns one request at most.
  process.on("uncaughtException", (err) => log.error({ err: { name: err.name, message: err.message, stack: err.stack } }, "An uncaught error; carrying on."));
  process.on("unhandledRejection", (reason) =>
    log.error({ err: reason instanceof Error ? { name: reason.name, message: reason.message, stack: reason.stack } : { message: String(reason) } }, "An unhandled rejection; carrying on."),
  );
  const { startBot } = await import("./discord/bot.js");
  const { EnginePool } = await import("./engine-pool/pool.js");
  const { openLibraries } = await import("./libraries/open.js");
  const local = await openWithProgress(config, log);
  // The main thread keeps the gateway and REST; questions are answered in worker threads.
  const engine = config.ANSWER_WORKERS > 0 ? await EnginePool.start(local, config, log, config.ANSWER_WORKERS) : local;
  let bot: Awaited<ReturnType<typeof startBot>> | undefined;
  // Listening before the bot starts, so that a stop request during log-in is not lost either.
  const stop = async (signal: string) => {
    log.info(`Received ${signal}; shutting down.`);
    await bot?.stop();
    await engine.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  // Server libraries share the local engine's model and answer in this thread; other servers' questions go to the pool.
  bot = await startBot({ config, engine, log, libraries: (db) => openLibraries(config, db, local, log, engine) }).catch((err: Error) => {
    // A refused token or intent, or an unwritable DATA_DIR: the message says what to change.
    log.fatal(`The Discord bot could not start: ${err.message}`);
    log.debug({ err }, "start-up failure");
    process.exit(1);
  });
} else {
  const engine = await openWithProgress(config, log);
  await runPrompt(engine, process.stdin, process.stdout, { layout: () => layoutFor(process.stdout, process.env), version });
}
