/** What every handler gets: settings, the engine, the local records, the limits, the answer queue and the in-memory reply pages. */
import type { Config } from "../config.js";
import type { FeedbackDb } from "../db/feedback-db.js";
import type { ModerationLog } from "../db/moderation-log.js";
import type { ServerSettingsDb } from "../db/server-settings.js";
import type { ThreadHistory } from "../db/thread-history.js";
import type { DbWriter } from "../db/writer.js";
import type { Engine } from "../engine-api.js";
import type { Libraries } from "../libraries/libraries.js";
import type { Logger } from "../log.js";
import type { AckGate } from "./ack-gate.js";
import type { BoundedMap } from "./bounded-map.js";
import type { Guards } from "./guards.js";
import type { PageStore } from "./page-store.js";
import type { WorkQueue } from "./work-queue.js";

export interface BotContext {
  config: Config;
  /** The shared engine; a server's requests go through engineFor (guild-engine.ts), which picks its library's. */
  engine: Engine;
  /** Servers' own libraries, when the host offers them. */
  libraries?: Libraries;
  feedback: FeedbackDb;
  serverSettings: ServerSettingsDb;
  moderationLog: ModerationLog;
  threads: ThreadHistory;
  /** Feedback, log and thread-history writes, off the path of the reply. */
  writer: DbWriter;
  /** The server (guild id, "" outside one) of each recent answer, by question id: its vote buttons count only there. */
  answeredIn: BoundedMap<number, string>;
  /** Engine work waits here for its turn. */
  work: WorkQueue;
  /** Interactions still waiting for their first response, which answers let go first. */
  acks: AckGate;
  guards: Guards;
  pages: PageStore;
  log: Logger;
}
