/** The Discord adapter: one gateway connection, and the handlers for commands, buttons and mentions. */
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { Client, Events, GatewayIntentBits } from "discord.js";
import { Agent } from "undici";
import type { Config } from "../config.js";
import { openDatabase, type Connection } from "../db/database.js";
import { FeedbackDb } from "../db/feedback-db.js";
import { ModerationLog } from "../db/moderation-log.js";
import { ServerSettingsDb } from "../db/server-settings.js";
import { ThreadHistory } from "../db/thread-history.js";
import { DbWriter } from "../db/writer.js";
import type { Engine } from "../engine-api.js";
import type { Libraries } from "../libraries/libraries.js";
import type { Logger } from "../log.js";
import { AckGate } from "./ack-gate.js";
import { BoundedMap } from "./bounded-map.js";
import type { BotContext } from "./context.js";
import { errorFields } from "./error-fields.js";
import { Guards } from "./guards.js";
import { handleInteraction } from "./interactions.js";
import { handleMessage } from "./mentions.js";
import { PageStore } from "./page-store.js";
import { NO_MENTIONS } from "./render.js";
import { backoffMs, patientRequest } from "./rest-retry.js";
import { WorkQueue } from "./work-queue.js";

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

/**
 * Discord counts interaction callbacks and interaction webhooks (nearly all this bot sends) against
 * no global limit; discord.js caps every request at 50 a second anyway, which would cap answers
 * there. The few bot-token requests (mention replies, threads) still meet Discord's own global
 * 429, which discord.js waits out.
 */
const REQUESTS_PER_SECOND = 1000;
/** A REST request (an interaction's follow-ups included) keeps trying within the 15 minutes an interaction token lives. */
const REST_TIMEOUT_MS = 13 * 60_000;
/**
 * Kept-alive connections to Discord's API. Without a bound a burst of interactions opens one
 * connection per request, and the handshakes delay the acknowledgements that must go out first.
 */
const API_CONNECTIONS = 64;
/** Answers whose server is remembered for their vote buttons without asking the database. */
const RECENT_ANSWERS = 20_000;
/** Between tries to log in while Discord cannot be reached: growing to this, with jitter. */
const MAX_LOGIN_WAIT_MS = 60_000;

/** Login failures that trying again cannot mend: a refused token or intents. */
function loginIsHopeless(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return code === "TokenInvalid" || /disallowed intents|Authentication failed|Privileged Gateway Intents/i.test(err.message);
}

/**
 * A malformed event (an interaction without the fields discord.js needs, say) throws inside
 * discord.js's packet handling, where nothing would catch it: skip the packet with a warning.
 */
function ignoreMalformedPackets(client: Client, log: Logger): void {
  const ws = client.ws as unknown as { handlePacket(packet: { t?: string } | undefined, shard: unknown): boolean };
  const handle = ws.handlePacket.bind(ws);
  ws.handlePacket = (packet, shard) => {
    try {
      return handle(packet, shard);
    } catch (err) {
      log.warn({ event: packet?.t, err: { message: err instanceof Error ? err.message : String(err) } }, "Ignored a malformed event from Discord.");
      return true;
    }
  };
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
    rest: {
      api: config.DISCORD_API_URL,
      // patientRequest retries 5xx and network failures with backoff; discord.js would retry at once.
      retries: 0,
      timeout: REST_TIMEOUT_MS,
      globalRequestsPerSecond: REQUESTS_PER_SECOND,
      agent: new Agent({ connections: API_CONNECTIONS }),
      makeRequest: patientRequest({
        onRetry: ({ route, attempt, waitMs, reason }) =>
          // Login's one request says Discord is unreachable; others retrying is routine under faults.
          route.endsWith("/gateway/bot")
            ? discordLog.warn({ attempt, waitMs, reason }, "Could not reach Discord; trying again.")
            : discordLog.debug({ route, attempt, waitMs, reason }, "Retrying a Discord request."),
      }),
    },
    allowedMentions: NO_MENTIONS,
    // Replying to a message deleted meanwhile should just post, not fail.
    failIfNotExists: false,
  });
  const warnDb = (message: string, err?: unknown) => discordLog.warn(err === undefined ? {} : errorFields(err), message);
  let db = openDatabase(config.DATA_DIR, discordLog);
  const stores = (connection: Connection) => ({
    feedback: new FeedbackDb(connection),
    serverSettings: new ServerSettingsDb(connection, warnDb),
    moderationLog: new ModerationLog(connection, config.LOG_RETENTION_DAYS),
    // Purged even with mentions off, so turning them off does not keep old questions past their time.
    threads: new ThreadHistory(connection, config.LOG_RETENTION_DAYS),
  });
  const opened = stores(db);
  opened.moderationLog.purgeExpired();
  opened.threads.purgeExpired();
  /** A file damaged while running: moved aside and replaced, as at start-up, and the records go on in the new one. */
  const reopen = (): Connection | undefined => {
    let fresh: Connection;
    try {
      fresh = openDatabase(config.DATA_DIR, discordLog);
    } catch (err) {
      warnDb("Could not replace the damaged database; still trying.", err);
      return undefined;
    }
    ctx.threads.close();
    db.close();
    db = fresh;
    Object.assign(ctx, stores(db));
    libraries?.reconnect(db);
    return db;
  };
  const writer = new DbWriter(db, { warn: warnDb, reopen });
  // Enough running at once to keep every worker busy while results travel back.
  const work = new WorkQueue(config.QUEUE_SIZE, 2 * Math.max(1, config.ANSWER_WORKERS));
  const libraries = openLibraries?.(db);
  const ctx: BotContext = {
    config,
    engine,
    ...(libraries ? { libraries } : {}),
    ...opened,
    writer,
    answeredIn: new BoundedMap(RECENT_ANSWERS),
    work,
    acks: new AckGate(),
    // Through ctx, so that a replaced database's settings are the ones read.
    guards: new Guards(config, { get: (guildId) => ctx.serverSettings.get(guildId) }),
    pages: new PageStore(),
    log: discordLog,
  };

  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, ctx));
  if (config.MENTIONS_ENABLED) {
    client.on(Events.MessageCreate, (message) => void handleMessage(message, ctx));
  }
  ignoreMalformedPackets(client, discordLog);
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
    writer.close();
    ctx.threads.close();
    db.close();
  };

  for (let attempt = 0; ; attempt++) {
    const ready = once(client, Events.ClientReady);
    try {
      await client.login(config.DISCORD_TOKEN);
      await ready;
      break;
    } catch (err) {
      if (loginIsHopeless(err) || stopped) {
        await stop();
        throw explainLoginError(err);
      }
      const waitMs = Math.max(1000, backoffMs(attempt + 4, MAX_LOGIN_WAIT_MS));
      discordLog.warn({ ...errorFields(err), retryMs: waitMs }, "Could not reach Discord; trying again.");
      await sleep(waitMs);
    }
  }
  discordLog.info(`Logged in to Discord as ${client.user?.tag}, in ${client.guilds.cache.size} server(s).`);
  return { stop };
}
