/** The Discord adapter: one gateway connection, and the handlers for commands, buttons and mentions. */
import { once } from "node:events";
import { Client, Events, GatewayIntentBits } from "discord.js";
import type { Config } from "../config.js";
import { openDatabase, type Connection } from "../db/database.js";
import { FeedbackDb } from "../db/feedback-db.js";
import { ModerationLog } from "../db/moderation-log.js";
import { ServerSettingsDb } from "../db/server-settings.js";
import { ThreadHistory } from "../db/thread-history.js";
import type { Engine } from "../engine-api.js";
import type { Libraries } from "../libraries/libraries.js";
import type { Logger } from "../log.js";
import type { BotContext } from "./context.js";
import { errorFields } from "./error-fields.js";
import { Guards } from "./guards.js";
import { handleInteraction } from "./interactions.js";
import { handleMessage } from "./mentions.js";
import { PageStore } from "./page-store.js";
import { NO_MENTIONS } from "./render.js";

export interface BotOptions {
  config: Config;
  engine: Engine;
  log: Logger;
  /** Opens the servers' own libraries on the bot's database; without it every server reads the shared papers only. */
  libraries?: (db: Connection) => Libraries;
}

export interface Bot {
  /** Closes the gateway connection and the database; safe to call twice. */
  stop(): Promise<void>;
}

/** The fewest intents that work: messages (and the privileged content intent) only for mentions. */
export function gatewayIntents(mentionsEnabled: boolean): GatewayIntentBits[] {
  return mentionsEnabled
    ? [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent]
    : [GatewayIntentBits.Guilds];
}

function logConnection(client: Client, log: Logger): void {
  client.on(Events.Error, (err) => log.error(errorFields(err), "Discord client error."));
  client.on(Events.Warn, (warning) => log.warn(warning));
  client.on(Events.ShardDisconnect, (event) => log.warn({ code: event.code }, "Disconnected from the Discord gateway."));
  client.on(Events.ShardReconnecting, () => log.info("Reconnecting to the Discord gateway."));
  client.on(Events.ShardResume, (_id, replayed) => log.info({ replayed }, "Resumed the Discord gateway session."));
}

/** A library outlives the bot's removal from its server by LIBRARY_RETENTION_DAYS, checked at start and daily. */
function watchLibraries(client: Client, libraries: Libraries, log: Logger): NodeJS.Timeout {
  const purge = () => void libraries.purgeExpired().catch((err: unknown) => log.warn(errorFields(err), "Could not delete expired libraries."));
  client.once(Events.ClientReady, (ready) => {
    libraries.inServers([...ready.guilds.cache.keys()]).then(purge, (err: unknown) => log.warn(errorFields(err), "Could not check the libraries' servers."));
  });
  // GUILD_DELETE for an outage arrives as GuildUnavailable instead: only a removal lands here.
  client.on(Events.GuildDelete, (guild) => void libraries.left(guild.id).catch((err: unknown) => log.warn(errorFields(err), "Could not mark a library as left.")));
  client.on(Events.GuildCreate, (guild) => libraries.present(guild.id));
  return setInterval(purge, 86_400_000).unref();
}

/** Discord's close code 4014 reaches login() as a bare "Used disallowed intents"; say what to change. */
function explainLoginError(err: unknown): unknown {
  if (!(err instanceof Error) || !/disallowed intents/i.test(err.message)) return err;
  return new Error(
    "Discord refused the Message Content intent. Enable it under Bot → Privileged Gateway Intents in the Developer Portal, or set MENTIONS_ENABLED=false.",
    { cause: err },
  );
}

/** Logs in and resolves once the bot's servers are loaded. `config.DISCORD_API_URL` picks the API it talks to. */
export async function startBot({ config, engine, log, libraries: openLibraries }: BotOptions): Promise<Bot> {
  if (!config.DISCORD_TOKEN) throw new Error("DISCORD_TOKEN is not set, so the bot cannot log in.");
  const discordLog = log.child({ component: "discord" });
  const client = new Client({
    intents: gatewayIntents(config.MENTIONS_ENABLED),
    rest: { api: config.DISCORD_API_URL },
    allowedMentions: NO_MENTIONS,
    // Replying to a message deleted meanwhile should just post, not fail.
    failIfNotExists: false,
  });
  const db = openDatabase(config.DATA_DIR, discordLog);
  const serverSettings = new ServerSettingsDb(db);
  const moderationLog = new ModerationLog(db, config.LOG_RETENTION_DAYS);
  moderationLog.purgeExpired();
  // Purged even with mentions off, so turning them off does not keep old questions past their time.
  const threads = new ThreadHistory(db, config.LOG_RETENTION_DAYS);
  threads.purgeExpired();
  const libraries = openLibraries?.(db);
  const ctx: BotContext = {
    config,
    engine,
    ...(libraries ? { libraries } : {}),
    feedback: new FeedbackDb(db),
    serverSettings,
    moderationLog,
    guards: new Guards(config, serverSettings),
    pages: new PageStore(),
    log: discordLog,
  };

  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, ctx));
  if (config.MENTIONS_ENABLED) {
    client.on(Events.MessageCreate, (message) => void handleMessage(message, ctx, threads));
  }
  const purging = libraries && watchLibraries(client, libraries, discordLog);
  logConnection(client, discordLog);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // Closing the socket on purpose would otherwise be logged as a disconnect and a reconnect.
    client.removeAllListeners(Events.ShardDisconnect).removeAllListeners(Events.ShardReconnecting);
    await client.destroy();
    clearInterval(purging);
    await libraries?.closeAll();
    threads.close();
    db.close();
  };

  const ready = once(client, Events.ClientReady);
  try {
    await client.login(config.DISCORD_TOKEN);
    await ready;
  } catch (err) {
    await stop();
    throw explainLoginError(err);
  }
  discordLog.info(`Logged in to Discord as ${client.user?.tag}, in ${client.guilds.cache.size} server(s).`);
  return { stop };
}
