/**
 * The Engine, answered by a pool of worker threads: each worker has its own engine over the same
 * index, so questions use every core while the main thread keeps the gateway and REST moving.
 * The cheap lookups (papers, sections, passages, quotes) stay on a local engine in the main
 * thread, which is also the one that rebuilds the index; the workers then load the new one.
 * Scheduling (who goes first, when to say "busy") is the caller's; the pool hands each call to
 * the worker with the fewest calls in hand.
 */
import type { Worker } from "node:worker_threads";
import type { Config } from "../config.js";
import {
  QuestionError,
  type AskOptions,
  type Answer,
  type DebateOptions,
  type Engine,
  type EvidencePack,
  type FootnoteEngine,
  type PaperMeta,
  type Quote,
  type ReindexResult,
  type ScoredPassage,
  type SearchOptions,
  type SectionInfo,
} from "../engine-api.js";
import type { Logger } from "../log.js";
import { startWorker } from "../worker-thread.js";
import type { FromWorker, SerializedError, ToWorker, WorkMethod, WorkerSetup } from "./protocol.js";

/** A worker that dies is started again after this long, doubling up to a minute while it keeps failing. */
const RESTART_MS = 500;
const MAX_RESTART_MS = 60_000;

const PINO_LEVELS: Record<number, "trace" | "debug" | "info" | "warn" | "error" | "fatal"> = {
  10: "trace",
  20: "debug",
  30: "info",
  40: "warn",
  50: "error",
  60: "fatal",
};

function revive(error: SerializedError): Error {
  // The adapters tell a refused question from a failure by its class.
  if (error.name === "QuestionError") return new QuestionError(error.message);
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/** One worker thread and the calls it has in hand; started again when it dies, unless the pool is closing. */
class PoolWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private restartMs = RESTART_MS;
  private closing = false;
  ready = false;

  constructor(
    private readonly index: number,
    private readonly config: Config,
    private readonly log: Logger,
  ) {}

  get load(): number {
    return this.pending.size;
  }

  /** Resolves when the worker's engine is open; rejects when it could not open (the message says why). */
  start(): Promise<void> {
    const setup: WorkerSetup = { config: this.config };
    const worker = startWorker(import.meta.url, "./worker", setup);
    this.worker = worker;
    return new Promise((resolve, reject) => {
      worker.on("message", (message: FromWorker) => {
        switch (message.kind) {
          case "ready":
            this.ready = true;
            this.restartMs = RESTART_MS;
            return resolve();
          case "failed":
            return reject(revive(message.error));
          case "log":
            return this.forwardLog(message.line);
          case "result":
          case "error": {
            const call = this.pending.get(message.id);
            this.pending.delete(message.id);
            if (message.kind === "result") call?.resolve(message.value);
            else call?.reject(revive(message.error));
          }
        }
      });
      worker.on("error", (err) => this.log.error({ worker: this.index, err: { message: err.message } }, "An answer worker failed."));
      worker.on("exit", (code) => {
        this.ready = false;
        reject(new Error(`answer worker ${this.index} exited with code ${code} before it was ready`));
        for (const call of this.pending.values()) call.reject(new Error("the answer worker stopped while answering"));
        this.pending.clear();
        if (!this.closing) this.restartLater();
      });
    });
  }

  private restartLater(): void {
    const wait = this.restartMs;
    this.restartMs = Math.min(MAX_RESTART_MS, this.restartMs * 2);
    this.log.warn({ worker: this.index, retryMs: wait }, "An answer worker stopped; starting it again.");
    setTimeout(() => {
      if (!this.closing) this.start().catch((err: Error) => this.log.error({ worker: this.index }, `An answer worker could not start: ${err.message}`));
    }, wait).unref();
  }

  private forwardLog(line: string): void {
    try {
      const { level, msg, ...fields } = JSON.parse(line) as { level: number; msg?: string };
      this.log[PINO_LEVELS[level] ?? "info"]({ ...fields, worker: this.index }, msg ?? "");
    } catch {
      this.log.info({ worker: this.index }, line.trim());
    }
  }

  call(message: Omit<Extract<ToWorker, { kind: "call" }>, "id"> | { kind: "reload" }): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ ...message, id } as ToWorker);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker?.terminate();
  }
}

export class EnginePool implements Engine {
  private constructor(
    private readonly local: FootnoteEngine,
    private readonly workers: PoolWorker[],
  ) {}

  /**
   * Starts `size` workers over the index `local` has loaded (and keeps current). Rejects, having
   * stopped them, when a worker cannot open its engine.
   */
  static async start(local: FootnoteEngine, config: Config, log: Logger, size: number): Promise<EnginePool> {
    const workers = Array.from({ length: size }, (_, i) => new PoolWorker(i, config, log));
    try {
      await Promise.all(workers.map((w) => w.start()));
    } catch (err) {
      await Promise.all(workers.map((w) => w.close()));
      throw err;
    }
    return new EnginePool(local, workers);
  }

  /** How many workers answer. */
  get size(): number {
    return this.workers.length;
  }

  private call<T>(method: WorkMethod, args: unknown[]): Promise<T> {
    const ready = this.workers.filter((w) => w.ready);
    if (ready.length === 0) return Promise.reject(new Error("no answer worker is running"));
    const worker = ready.reduce((a, b) => (b.load < a.load ? b : a));
    return worker.call({ kind: "call", method, args }) as Promise<T>;
  }

  ask(question: string, options?: AskOptions): Promise<Answer> {
    return this.call("ask", [question, options]);
  }

  search(query: string, options?: SearchOptions): Promise<ScoredPassage[]> {
    return this.call("search", [query, options]);
  }

  debate(motion: string, options?: DebateOptions): Promise<EvidencePack> {
    return this.call("debate", [motion, options]);
  }

  papers(): PaperMeta[] {
    return this.local.papers();
  }

  passage(id: string): ScoredPassage | undefined {
    return this.local.passage(id);
  }

  sections(paperId?: string): SectionInfo[] {
    return this.local.sections(paperId);
  }

  quote(section: string, paragraph?: number, paperId?: string): Quote[] | undefined {
    return this.local.quote(section, paragraph, paperId);
  }

  /**
   * The local engine rebuilds (sharing one build among overlapping calls), then every worker
   * loads the new index; each keeps answering from the old one until its load is done.
   */
  async reindex(...args: Parameters<FootnoteEngine["reindex"]>): Promise<ReindexResult> {
    const result = await this.local.reindex(...args);
    await Promise.all(this.workers.filter((w) => w.ready).map((w) => w.call({ kind: "reload" })));
    return result;
  }

  /** Stops the workers and frees the local engine. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.local.close();
  }
}
