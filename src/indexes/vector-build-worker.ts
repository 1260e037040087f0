/** The worker thread of writeVectorIndex: builds one vector graph and writes it. */
import { parentPort, workerData } from "node:worker_threads";
import { VectorIndex, type VectorBuild } from "./vector-index.js";

const { rows, dimension, settings, file } = workerData as VectorBuild;
try {
  VectorIndex.build(rows, dimension, settings).write(file);
  parentPort!.postMessage({});
} catch (err) {
  parentPort!.postMessage({ error: (err as Error).message, code: (err as NodeJS.ErrnoException).code });
}
