// Starts a worker written in TypeScript: registers tsx in this thread (vitest's and tsx's own
// loaders do not reach worker threads), then loads the worker module startWorker named (worker-thread.ts).
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
