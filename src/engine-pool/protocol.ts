/** The messages between the pool (main thread) and its workers; everything in them is structured-cloneable. */
import type { Config } from "../config.js";

/** The Engine methods a worker answers; the cheap, synchronous ones stay on the main thread. */
export type WorkMethod = "ask" | "search" | "debate";

export interface WorkerSetup {
  config: Config;
}

export type ToWorker =
  | { kind: "call"; id: number; method: WorkMethod; args: unknown[] }
  /** Load the index again from disk, after the pool's own engine rebuilt it. */
  | { kind: "reload"; id: number };

export type FromWorker =
  | { kind: "ready" }
  | { kind: "failed"; error: SerializedError }
  | { kind: "result"; id: number; value: unknown }
  | { kind: "error"; id: number; error: SerializedError }
  /** A log line (pino JSON) for the main thread's logger. */
  | { kind: "log"; line: string };

export interface SerializedError {
  name: string;
  message: string;
}
