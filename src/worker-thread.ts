/**
 * Starts a module in a worker thread. Compiled, the module is plain JavaScript; under tsx or
 * vitest it is TypeScript, and a worker needs tsx registered first (their loaders do not reach
 * worker threads), which worker-bootstrap.mjs does before importing it.
 */
import { Worker } from "node:worker_threads";

/** `module`: the worker's file beside `base` (a caller's import.meta.url), without its extension. */
export function startWorker(base: string, module: string, workerData: object): Worker {
  const compiled = base.endsWith(".js");
  const entry = new URL(`${module}.${compiled ? "js" : "ts"}`, base);
  if (compiled) return new Worker(entry, { workerData });
  return new Worker(new URL("./worker-bootstrap.mjs", import.meta.url), { workerData: { ...workerData, entry: entry.href }, execArgv: [] });
}
