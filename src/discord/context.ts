/** What every handler gets: settings, the engine, the local records, the limits and the in-memory reply pages. */
import type { Config } from "../config.js";
import type { FeedbackDb } from "../db/feedback-db.js";
import type { ModerationLog } from "../db/moderation-log.js";
import type { ServerSettingsDb } from "../db/server-settings.js";
import type { Engine } from "../engine-api.js";
import type { Libraries } from "../libraries/libraries.js";
import type { Logger } from "../log.js";
import type { Guards } from "./guards.js";
import type { PageStore } from "./page-store.js";

export interface BotContext {
  config: Config;
  /** The shared engine; a server's requests go through engineFor (guild-engine.ts), which picks its library's. */
  engine: Engine;
  /** Servers' own libraries, when the host offers them. */
  libraries?: Libraries;
  feedback: FeedbackDb;
  serverSettings: ServerSettingsDb;
  moderationLog: ModerationLog;
  guards: Guards;
  pages: PageStore;
  log: Logger;
}
