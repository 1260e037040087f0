import { appendFile, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { Writable } from "node:stream";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL } from "../src/config.js";
import { openEngine } from "../src/engine.js";
import { staleReason } from "../src/indexes/manifest.js";
import { IndexError, loadIndex } from "../src/indexes/store.js";
import { DEFAULT_CHUNKING } from "../src/ingest/chunk.js";
import { CorpusError, fingerprintCorpus } from "../src/ingest/read-corpus.js";
import { createLogger } from "../src/log.js";
import { copyOfCorpus, openTestEngine, testConfig } from "./support/engine.js";

const silent = createLogger("silent");

async function buildFolder(indexDir: string): Promise<string> {
  const id = (await readFile(path.join(indexDir, "CURRENT"), "utf8")).trim();
  return path.join(indexDir, "builds", id);
}

describe("the index", () => {
  it("survives save and load and answers the same", async () => {
    const { engine, config } = await openTestEngine();
    const before = await engine.search("Israeli embassy in Baku", { limit: 5 });
    const reopened = await openEngine(config, silent);
    expect(reopened.manifest.builtAt).toBe(engine.manifest.builtAt);
    expect(await reopened.search("Israeli embassy in Baku", { limit: 5 })).toEqual(before);
    expect(reopened.manifest).toMatchObject({ formatVersion: 3, model: { id: DEFAULT_MODEL, revision: expect.stringMatching(/^[0-9a-f]{64}$/), dimension: 100 }, passages: before.length > 0 ? expect.any(Number) : 0 });
  });

  it("is stale when the corpus or the model changes", async () => {
    const corpusDir = await copyOfCorpus();
    const config = await testConfig({ CORPUS_DIR: corpusDir });
    await openEngine(config, silent);
    const { manifest } = await loadIndex(config.INDEX_DIR);
    const expected = { modelId: DEFAULT_MODEL, modelRevision: manifest.model.revision, corpus: await fingerprintCorpus(corpusDir), chunking: DEFAULT_CHUNKING };
    expect(staleReason(manifest, expected)).toBeUndefined();
    expect(staleReason(manifest, { ...expected, modelId: "Xenova/all-MiniLM-L6-v2" })).toMatch(/embedding model changed/);
    expect(staleReason(manifest, { ...expected, modelRevision: "other weights" })).toMatch(/rebuilt with other weights/);

    await appendFile(path.join(corpusDir, "focused-on-iran.md"), "\nA new closing paragraph about pipelines.\n");
    expect(staleReason(manifest, { ...expected, corpus: await fingerprintCorpus(corpusDir) })).toMatch(/corpus changed \(changed focused-on-iran\.md\)/);
    const rebuilt = await openEngine(config, silent);
    expect(rebuilt.manifest.builtAt).not.toBe(manifest.builtAt);
    expect(rebuilt.manifest.passages).toBe(manifest.passages + 1);
  });

  it("detects a corrupt file, and the engine rebuilds instead of crashing", async () => {
    const { engine, config } = await openTestEngine();
    const folder = await buildFolder(config.INDEX_DIR);
    await writeFile(path.join(folder, "vectors.hnsw"), "not an index");
    await expect(loadIndex(config.INDEX_DIR)).rejects.toThrow(IndexError);
    await expect(loadIndex(config.INDEX_DIR)).rejects.toThrow(/corrupt: vectors\.hnsw/);
    const recovered = await openEngine(config, silent);
    expect(recovered.manifest.builtAt).not.toBe(engine.manifest.builtAt);
    expect((await recovered.ask("When did Israel open an embassy in Baku?")).shortAnswer).toBe("1993");
  });

  it("stays whole when two builds run at once", async () => {
    const config = await testConfig();
    const builds = await Promise.all([openEngine(config, silent, { rebuild: true }), openEngine(config, silent, { rebuild: true })]);
    const live = await loadIndex(config.INDEX_DIR);
    expect(builds.map((e) => e.manifest.builtAt)).toContain(live.manifest.builtAt);
    expect(live.passages.length).toBe(builds[0]!.manifest.passages);
  });

  it("answers from the index it has when the corpus folder is gone, and says why", async () => {
    const corpusDir = await copyOfCorpus();
    const config = await testConfig({ CORPUS_DIR: corpusDir });
    await openEngine(config, silent);
    await rm(corpusDir, { recursive: true });
    const lines: string[] = [];
    const log = createLogger("warn", { destination: new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }) });
    const engine = await openEngine(config, log);
    expect((await engine.ask("When did Israel open an embassy in Baku?")).shortAnswer).toBe("1993");
    expect(lines.join("")).toMatch(/corpus folder .* does not exist.*Answering from the index built/);
    await expect(openEngine(await testConfig({ CORPUS_DIR: corpusDir }), silent)).rejects.toThrow(CorpusError);
  });

  it("keeps only whole builds: the live one, named by CURRENT", async () => {
    const { engine, config } = await openTestEngine();
    await engine.reindex();
    const builds = await readdir(path.join(config.INDEX_DIR, "builds"));
    expect(builds).toEqual([path.basename(await buildFolder(config.INDEX_DIR))]);
  });
});
