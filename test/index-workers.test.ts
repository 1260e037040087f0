import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { loadIndex } from "../src/indexes/store.js";
import { hnswSettings, VectorIndex, writeVectorIndex } from "../src/indexes/vector-index.js";
import { seededRandom } from "../src/seeded-random.js";
import { openTestEngine, REPO, tempDir } from "./support/engine.js";

/** Opens the index read-only in a worker thread and runs one lexical query there. */
function queryInWorker(indexDir: string, query: string): Promise<{ hits: number[] }> {
  const code = `
    import { parentPort, workerData } from "node:worker_threads";
    const { register } = await import(${JSON.stringify(pathToFileURL(`${REPO}/node_modules/tsx/dist/esm/api/index.mjs`).href)});
    register();
    const { loadIndex } = await import(${JSON.stringify(pathToFileURL(`${REPO}/src/indexes/store.ts`).href)});
    const index = await loadIndex(workerData.indexDir);
    parentPort.postMessage({ hits: index.lexical.query(workerData.query, 5).map((h) => h.index) });
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: { indexDir, query } });
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

describe("an index shared by worker threads", () => {
  it("opens read-only in each worker and answers as the main thread does", async () => {
    const { config } = await openTestEngine();
    const here = (await loadIndex(config.INDEX_DIR)).lexical.query("Israeli embassy in Baku", 5).map((h) => h.index);
    const there = await Promise.all([queryInWorker(config.INDEX_DIR, "Israeli embassy in Baku"), queryInWorker(config.INDEX_DIR, "Israeli embassy in Baku")]);
    for (const t of there) expect(t.hits).toEqual(here);
    expect(here.length).toBeGreaterThan(0);
  });
});

describe("a vector graph built in a thread of its own", () => {
  it("is the graph the main thread builds, byte for byte", async () => {
    const dimension = 16;
    const count = 5000;
    const next = seededRandom(7);
    const rows = new Float32Array(new SharedArrayBuffer(count * dimension * 4)).map(() => next() - 0.5);
    const dir = await tempDir("footnote-graph-");
    const settings = hnswSettings(count);
    await writeVectorIndex(rows, dimension, settings, path.join(dir, "thread.hnsw"));
    VectorIndex.build(Float32Array.from(rows), dimension, settings).write(path.join(dir, "main.hnsw"));
    expect((await readFile(path.join(dir, "thread.hnsw"))).equals(await readFile(path.join(dir, "main.hnsw")))).toBe(true);
    expect(VectorIndex.read(path.join(dir, "thread.hnsw"), dimension, settings.efSearch).size).toBe(count);
  });
});
