/**
 * Embedding spread over worker threads, for builds: each thread loads the same model and embeds
 * whole batches, so a large corpus is tokenised and embedded on every core. Each text's vector is
 * the one the single-thread embedder gives it (the model pads nothing into a vector; tested).
 */
import type { Worker } from "node:worker_threads";
import { startWorker } from "../worker-thread.js";
import type { Embedder, EmbedderOptions } from "./embedder.js";

export type ToEmbedWorker = { kind: "embed"; id: number; texts: string[] } | { kind: "close" };
export type FromEmbedWorker =
  | { kind: "ready"; revision: string; dimension: number }
  | { kind: "vectors"; id: number; rows: Float32Array }
  | { kind: "failed"; id: number; message: string };

/** One thread and the batch it holds. */
class EmbedThread {
  private pending: { resolve(rows: Float32Array): void; reject(err: Error): void } | undefined;
  private nextId = 0;
  private exited = false;

  private constructor(
    private readonly worker: Worker,
    readonly dimension: number,
  ) {
    worker.on("message", (m: FromEmbedWorker) => {
      const p = this.pending;
      this.pending = undefined;
      if (m.kind === "vectors") p?.resolve(m.rows);
      else if (m.kind === "failed") p?.reject(new Error(m.message));
    });
    worker.on("error", (err) => this.fail(err));
    worker.on("exit", (code) => {
      this.exited = true;
      this.fail(new Error(`an embedding thread stopped (exit code ${code})`));
    });
  }

  static start(options: EmbedderOptions, expected: { revision: string; dimension: number }): Promise<EmbedThread> {
    const worker = startWorker(import.meta.url, "./embed-worker", { options });
    return new Promise((resolve, reject) => {
      const fail = (err: Error) => {
        void worker.terminate();
        reject(err);
      };
      const exited = (code: number) => fail(new Error(`an embedding thread stopped before its model loaded (exit code ${code})`));
      worker.once("error", fail);
      worker.once("exit", exited);
      worker.once("message", (m: FromEmbedWorker) => {
        worker.off("error", fail);
        worker.off("exit", exited);
        if (m.kind === "failed") return fail(new Error(m.message));
        if (m.kind !== "ready") return fail(new Error("an embedding thread answered before it was ready"));
        // Threads that loaded other weights would mix two models' vectors in one index.
        if (m.revision !== expected.revision || m.dimension !== expected.dimension) return fail(new Error("an embedding thread loaded other weights than the build's model"));
        resolve(new EmbedThread(worker, m.dimension));
      });
    });
  }

  private fail(err: Error): void {
    const p = this.pending;
    this.pending = undefined;
    p?.reject(err);
  }

  embed(texts: string[]): Promise<Float32Array> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage({ kind: "embed", id: this.nextId++, texts } satisfies ToEmbedWorker);
    });
  }

  async close(): Promise<void> {
    if (this.exited) return;
    this.worker.postMessage({ kind: "close" } satisfies ToEmbedWorker);
    await new Promise((resolve) => this.worker.once("exit", resolve));
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

export interface EmbedPool {
  /** One vector per text, in order, as `Embedder.embed` gives them; batches go to whichever thread is free. */
  embedAll(texts: string[], batch: number, onBatch?: (done: number) => void): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** Starts `threads` threads loading the model `embedder` was loaded from (its `source`). */
export async function startEmbedPool(embedder: Embedder, threads: number): Promise<EmbedPool> {
  const started = await Promise.allSettled(Array.from({ length: threads }, () => EmbedThread.start(embedder.source, embedder)));
  const pool = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    await Promise.all(pool.map((t) => t.terminate()));
    throw failed.reason as Error;
  }
  return {
    async embedAll(texts, batch, onBatch) {
      const vectors: Float32Array[] = new Array(texts.length);
      let next = 0;
      let done = 0;
      const work = async (thread: EmbedThread) => {
        while (next < texts.length) {
          const from = next;
          next = Math.min(texts.length, next + batch);
          const to = next;
          const rows = await thread.embed(texts.slice(from, to));
          for (let i = from; i < to; i++) vectors[i] = rows.subarray((i - from) * thread.dimension, (i - from + 1) * thread.dimension);
          done += to - from;
          onBatch?.(done);
        }
      };
      await Promise.all(pool.map(work));
      return vectors;
    },
    async close() {
      await Promise.all(pool.map((t) => t.close()));
    },
  };
}
