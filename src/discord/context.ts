/** What every handler gets: settings, the engine, the local record, the limits and the in-memory reply pages. */
import type { Config } from "../config.js";
import type { FeedbackDb } from "../db/feedback-db.js";
import type { Engine } from "../engine-api.js";
import type { Logger } from "../log.js";
import type { Guards } from "./guards.js";
import type { PageStore } from "./page-store.js";

export interface BotContext {
  config: Config;
  engine: Engine;
  db: FeedbackDb;
  guards: Guards;
  pages: PageStore;
  log: Logger;
}
