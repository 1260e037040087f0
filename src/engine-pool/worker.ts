/**
 * One worker thread of the pool: its own engine over the index the pool's engine keeps current,
 * answering the pool's calls one message at a time. Log lines go to the main thread's logger.
 */
import fs from "node:fs";
import os from "node:os";
import { Writable } from "node:stream";
import { parentPort, workerData } from "node:worker_threads";
import { openEngine, type FootnoteEngine } from "../engine-api.js";
import { createLogger } from "../log.js";
import type { FromWorker, SerializedError, ToWorker, WorkerSetup } from "./protocol.js";

const port = parentPort!;
const { config } = workerData as WorkerSetup;
const post = (message: FromWorker) => port.postMessage(message);
const log = createLogger(config.LOG_LEVEL, { destination: new Writable({ write: (chunk, _enc, done) => { post({ kind: "log", line: String(chunk) }); done(); } }) });

const serialize = (err: unknown): SerializedError =>
  err instanceof Error ? { name: err.name, message: err.message } : { name: "Error", message: String(err) };

/** An engine and the calls still running on it, so a reload frees the old one only once they are done. */
interface Current {
  engine: FootnoteEngine;
  running: number;
  retired?: boolean;
}

/**
 * Answers can wait a moment; the main thread's acknowledgements cannot (Discord's 3 seconds). On
 * Linux a thread has its own nice value, so this worker thread steps back behind the main thread
 * when the cores are busy. Elsewhere it keeps the default priority.
 */
const WORKER_NICE = 5;

function yieldToMainThread(): void {
  try {
    const threadId = Number(fs.readlinkSync("/proc/thread-self").split("/").at(-1));
    if (Number.isInteger(threadId)) os.setPriority(threadId, Math.max(os.getPriority(threadId), WORKER_NICE));
  } catch {
    // Not Linux, or not allowed: the default priority works, only with less headroom for acknowledgements.
  }
}

const open = async (): Promise<Current> => ({ engine: await openEngine(config, log, { loadOnly: true }), running: 0 });

async function release(old: Current): Promise<void> {
  old.retired = true;
  if (old.running === 0) await old.engine.close();
}

async function serve(current: Current): Promise<void> {
  port.on("message", async (message: ToWorker) => {
    if (message.kind === "reload") {
      try {
        const next = await open();
        const old = current;
        current = next;
        await release(old);
        post({ kind: "result", id: message.id, value: undefined });
      } catch (err) {
        post({ kind: "error", id: message.id, error: serialize(err) });
      }
      return;
    }
    const used = current;
    used.running++;
    try {
      const engine = used.engine as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      post({ kind: "result", id: message.id, value: await engine[message.method]!.apply(used.engine, message.args) });
    } catch (err) {
      post({ kind: "error", id: message.id, error: serialize(err) });
    } finally {
      used.running--;
      if (used.retired && used.running === 0) await used.engine.close();
    }
  });
}

try {
  yieldToMainThread();
  const current = await open();
  await serve(current);
  post({ kind: "ready" });
} catch (err) {
  post({ kind: "failed", error: serialize(err) });
}
