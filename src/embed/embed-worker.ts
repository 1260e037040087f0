/** One thread of an embedding pool (embed-pool.ts): loads the model once, then embeds each batch it is sent. */
import { parentPort, workerData } from "node:worker_threads";
import { loadEmbedder, type EmbedderOptions } from "./embedder.js";
import type { FromEmbedWorker, ToEmbedWorker } from "./embed-pool.js";

const port = parentPort!;
const post = (message: FromEmbedWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

try {
  const embedder = await loadEmbedder((workerData as { options: EmbedderOptions }).options);
  port.on("message", async (message: ToEmbedWorker) => {
    if (message.kind === "close") {
      await embedder.dispose();
      port.close();
      return;
    }
    try {
      const vectors = await embedder.embed(message.texts);
      // One buffer for the batch, moved rather than copied back.
      const rows = new Float32Array(vectors.length * embedder.dimension);
      vectors.forEach((v, i) => rows.set(v, i * embedder.dimension));
      post({ kind: "vectors", id: message.id, rows }, [rows.buffer]);
    } catch (err) {
      post({ kind: "failed", id: message.id, message: (err as Error).message });
    }
  });
  post({ kind: "ready", revision: embedder.revision, dimension: embedder.dimension });
} catch (err) {
  post({ kind: "failed", id: -1, message: (err as Error).message });
}
