import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { loadIndex } from "../src/indexes/store.js";
import { openTestEngine, REPO } from "./support/engine.js";

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
