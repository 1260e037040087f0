import { execFileSync } from "node:child_process";
import { appendFile, open, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { Writable } from "node:stream";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL } from "../src/config.js";
import { openEngine } from "../src/engine.js";
import { FORMAT_VERSION, staleReason } from "../src/indexes/manifest.js";
import { IndexRefused, IndexWriteError, shrinkReason, withoutPaths, writeFailure } from "../src/indexes/safety.js";
import { IndexError, loadIndex, verifyIndex } from "../src/indexes/store.js";
import { hnswSettings } from "../src/indexes/vector-index.js";
import { DEFAULT_CHUNKING } from "../src/ingest/chunk.js";
import { CorpusError, fingerprintCorpus, papersOnlyAdded } from "../src/ingest/read-corpus.js";
import { createLogger } from "../src/log.js";
import { copyOfCorpus, openTestEngine, tempDir, testConfig } from "./support/engine.js";

const silent = createLogger("silent");

/** A real small file system (tmpfs, 4 MB) to fill up; the tests run as root here. */
async function smallDisk(): Promise<string> {
  const dir = await tempDir("footnote-full-");
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", dir]);
  return dir;
}

async function fillDisk(dir: string): Promise<void> {
  const filler = await open(path.join(dir, "filler"), "w");
  try {
    for (;;) await filler.write(Buffer.alloc(64 * 1024));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
  } finally {
    await filler.close();
  }
}

function releaseDisk(dir: string): void {
  execFileSync("umount", ["-l", dir]);
}

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
    expect(reopened.manifest).toMatchObject({ formatVersion: FORMAT_VERSION, model: { id: DEFAULT_MODEL, revision: expect.stringMatching(/^[0-9a-f]{64}$/), dimension: 100 }, passages: before.length > 0 ? expect.any(Number) : 0 });
    expect(reopened.manifest.segments).toEqual([{ papers: reopened.manifest.papers, passages: reopened.manifest.passages, hnsw: hnswSettings(reopened.manifest.passages) }]);
    expect((await loadIndex(config.INDEX_DIR)).vectors.efSearch).toBe(reopened.manifest.segments[0]!.hnsw.efSearch);
  });

  it("searches within a range of passages exactly, nearest first", async () => {
    const { config } = await openTestEngine();
    const index = await loadIndex(config.INDEX_DIR);
    const [from, to] = [10, 40];
    const hits = index.vectors.query(index.vectors.vector(25), 5, [from, to]);
    expect(hits).toHaveLength(5);
    expect(hits[0]).toMatchObject({ index: 25 });
    expect(hits[0]!.similarity).toBeCloseTo(1, 5);
    for (const h of hits) expect(h.index >= from && h.index < to).toBe(true);
    expect(hits.map((h) => h.similarity)).toEqual([...hits.map((h) => h.similarity)].sort((a, b) => b - a));
    expect(index.vectors.query(index.vectors.vector(25), 5, [7, 7])).toEqual([]);
  });

  it("searches a larger graph more widely, as the recall sweep found it needs", () => {
    const ef = (n: number) => hnswSettings(n).efSearch;
    expect(ef(150)).toBe(64);
    expect(ef(10_000)).toBe(100);
    expect(ef(100_000)).toBeGreaterThan(300);
    expect(ef(1_000_000)).toBeGreaterThanOrEqual(1000);
    expect(hnswSettings(10).m).toBe(hnswSettings(1_000_000).m);
  });

  it("is stale when the corpus or the model changes", async () => {
    const corpusDir = await copyOfCorpus();
    const config = await testConfig({ CORPUS_DIR: corpusDir });
    await openEngine(config, silent);
    const { manifest } = await loadIndex(config.INDEX_DIR);
    const expected = { modelId: DEFAULT_MODEL, modelRevision: manifest.model.revision, dimension: 100, corpus: await fingerprintCorpus(corpusDir), chunking: DEFAULT_CHUNKING };
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
    await expect(loadIndex(config.INDEX_DIR)).rejects.toThrow(/corrupt: vectors\.hnsw is not the size/);
    const recovered = await openEngine(config, silent);
    expect(recovered.manifest.builtAt).not.toBe(engine.manifest.builtAt);
    expect((await recovered.ask("When did Israel open an embassy in Baku?")).shortAnswer).toBe("1993");
  });

  it("stays whole when two builds run at once", async () => {
    const config = await testConfig();
    const builds = await Promise.all([openEngine(config, silent, { rebuild: true }), openEngine(config, silent, { rebuild: true })]);
    const live = await loadIndex(config.INDEX_DIR);
    expect(builds.map((e) => e.manifest.builtAt)).toContain(live.manifest.builtAt);
    expect(live.passages.count).toBe(builds[0]!.manifest.passages);
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

  it("embeds only the paper that was added, and finds its passages", async () => {
    const corpusDir = await copyOfCorpus();
    const engine = await openEngine(await testConfig({ CORPUS_DIR: corpusDir }), silent);
    const before = engine.manifest.passages;
    await writeFile(path.join(corpusDir, "pipelines.md"), "# Caspian Pipelines\n\n## Routes\n\nThe Zangezur corridor would link the two parts of Azerbaijan.\n\nA second route was proposed through the mountains.\n");
    const result = await engine.reindex();
    expect(result).toMatchObject({ papers: 2, passages: before + 2, embedded: 2 });
    const [hit] = await engine.search("Zangezur corridor", { limit: 1 });
    expect(hit).toMatchObject({ id: "pipelines.md#1.1", citation: { paper: "Caspian Pipelines", section: "Routes", paragraph: 1 } });
    expect(engine.passage("pipelines.md#1.2")?.text).toBe("A second route was proposed through the mountains.");
    expect(engine.passage("focused-on-iran.md#1.1")?.citation.paperId).toBe("focused-on-iran.md");
    expect(engine.passage("nowhere.md#1.1")).toBeUndefined();
  });

  it("keeps only whole builds: the live one, named by CURRENT", async () => {
    const { engine, config } = await openTestEngine();
    await engine.reindex();
    const builds = await readdir(path.join(config.INDEX_DIR, "builds"));
    expect(builds).toEqual([path.basename(await buildFolder(config.INDEX_DIR))]);
  });
});

/** A short paper on a subject the default paper never touches, to add to its index. */
const BEES = `# Honey Bees and Highland Coffee

## Pollination

Coffee flowers on the slopes of Mount Kenya are visited mostly by honey bees, which carry pollen between the bushes in the early morning.
Farms that kept hives within two hundred metres of their bushes harvested about a fifth more cherries than farms without hives.

## Why farmers keep hives

Farmers said they keep hives because the honey sells at the village market, and the larger harvest came as a surprise to most of them.
`;

describe("adding papers to a large index", () => {
  it("puts an added paper in a segment of its own, links the rest, answers from both, and merges when a paper leaves", async () => {
    const dir = await copyOfCorpus();
    const config = await testConfig({ CORPUS_DIR: dir });
    const engine = await openEngine(config, silent, { segmentFrom: 0 });
    const old = "Israeli embassy in Baku";
    const before = (await engine.search(old, { limit: 5 })).map((h) => h.id);
    const start = engine.manifest.passages;
    const baseText = (await stat(path.join(await buildFolder(config.INDEX_DIR), "text.pack"))).ino;

    await writeFile(path.join(dir, "bees.md"), BEES);
    const added = await engine.reindex();
    expect(added).toMatchObject({ papers: 2, embedded: added.passages - start });
    expect(engine.manifest.segments.map((s) => s.papers)).toEqual([1, 1]);
    const live = await buildFolder(config.INDEX_DIR);
    expect((await stat(path.join(live, "text.pack"))).ino).toBe(baseText);
    expect(await verifyIndex(config.INDEX_DIR)).toBeUndefined();

    // The new paper is found by its words, by its meaning, and within itself; the old paper's answers stay.
    const question = "How many more cherries did farms with hives harvest?";
    const [hit] = await engine.search(question, { limit: 3 });
    expect(hit!.id.startsWith("bees.md#")).toBe(true);
    expect((await engine.search("pollen carried between bushes", { paperId: "bees.md", limit: 1 }))[0]!.id).toBe((await engine.search("pollen carried between bushes", { limit: 1 }))[0]!.id);
    expect((await engine.search(old, { limit: 5 })).map((h) => h.id)).toEqual(before);
    const answer = await engine.ask(question);
    expect(answer.abstained).toBe(false);
    expect(answer.answer[0]!.quote).toContain("a fifth more cherries");
    expect(engine.papers().map((p) => p.title)).toContain("Honey Bees and Highland Coffee");

    // The same corpus built whole finds the same passages; the saved segments read back the same.
    const whole = await openEngine(await testConfig({ CORPUS_DIR: dir }), silent);
    expect((await whole.search(question, { limit: 3 }))[0]!.id).toBe(hit!.id);
    const reopened = await openEngine(config, silent, { loadOnly: true });
    expect(await reopened.search(question, { limit: 5 })).toEqual(await engine.search(question, { limit: 5 }));

    // A file that cannot be read adds no segment, and is recorded, so starting again reads nothing.
    await writeFile(path.join(dir, "broken.docx"), "not a word document");
    expect(await engine.reindex()).toMatchObject({ papers: 2, passages: added.passages, embedded: 0 });
    expect(engine.manifest.segments).toHaveLength(2);
    expect((await openEngine(config, silent, { segmentFrom: 0 })).manifest.builtAt).toBe(engine.manifest.builtAt);

    await rm(path.join(dir, "bees.md"));
    await rm(path.join(dir, "broken.docx"));
    expect(await engine.reindex()).toMatchObject({ papers: 1, passages: start, embedded: 0 });
    expect(engine.manifest.segments).toHaveLength(1);
    expect((await engine.search(old, { limit: 5 })).map((h) => h.id)).toEqual(before);
  });

  it("adds only papers: a sidecar that comes for a paper already there, an edit or a removal rebuilds", () => {
    const none = { added: [], removed: [], changed: [] };
    expect(papersOnlyAdded({ ...none, added: ["b.pdf", "b.pdf.yaml"] })).toEqual(new Set(["b.pdf", "b.pdf.yaml"]));
    expect(papersOnlyAdded({ ...none, added: ["a.pdf.yaml"] })).toBeUndefined();
    expect(papersOnlyAdded({ ...none, added: ["b.md"], changed: ["a.md"] })).toBeUndefined();
    expect(papersOnlyAdded({ ...none, added: ["b.md"], removed: ["a.md"] })).toBeUndefined();
    expect(papersOnlyAdded(none)).toBeUndefined();
  });

  it("rebuilds a small index whole rather than adding a segment", async () => {
    const dir = await copyOfCorpus();
    const config = await testConfig({ CORPUS_DIR: dir });
    const engine = await openEngine(config, silent);
    await writeFile(path.join(dir, "bees.md"), BEES);
    await engine.reindex();
    expect(engine.manifest.segments).toEqual([expect.objectContaining({ papers: 2 })]);
  });
});

describe("index safety", () => {
  it("refuses a rebuild from an emptied corpus, keeps the old index, and rebuilds when forced", async () => {
    const corpusDir = await copyOfCorpus();
    const config = await testConfig({ CORPUS_DIR: corpusDir });
    const engine = await openEngine(config, silent);
    const before = engine.manifest.passages;
    await rm(path.join(corpusDir, "focused-on-iran.md"));
    const refusal = await engine.reindex().catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(IndexRefused);
    expect((refusal as Error).message).toMatch(/no readable papers.*kept/);
    expect((refusal as Error).message).not.toContain(corpusDir);
    expect((await engine.ask("When did Israel open an embassy in Baku?")).shortAnswer).toBe("1993");
    // A restart keeps answering from the old index too, saying why.
    const lines: string[] = [];
    const log = createLogger("warn", { destination: new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }) });
    const restarted = await openEngine(config, log);
    expect(restarted.manifest.passages).toBe(before);
    expect(lines.join("")).toMatch(/Not rebuilt: the corpus has no readable papers/);
    const forced = await engine.reindex({ force: true });
    expect(forced).toMatchObject({ papers: 0, passages: 0 });
  });

  it("refuses a rebuild that loses most passages", () => {
    expect(shrinkReason({ papers: 3, passages: 300 }, { papers: 1, passages: 100 })).toMatch(/would hold 100 passages/);
    expect(shrinkReason({ papers: 3, passages: 300 }, { papers: 2, passages: 200 })).toBeUndefined();
    expect(shrinkReason({ papers: 1, passages: 10 }, { papers: 1, passages: 2 })).toBeUndefined();
    expect(shrinkReason(undefined, { papers: 0, passages: 0 })).toBeUndefined();
  });

  it("treats an edited manifest as corrupt, and rebuilds", async () => {
    const { engine, config } = await openTestEngine();
    const file = path.join(await buildFolder(config.INDEX_DIR), "manifest.json");
    const manifest = JSON.parse(await readFile(file, "utf8"));
    await writeFile(file, JSON.stringify({ ...manifest, model: { ...manifest.model, dimension: 384 } }));
    await expect(loadIndex(config.INDEX_DIR)).rejects.toThrow(/manifest\.json does not match its checksum/);
    const recovered = await openEngine(config, silent);
    expect(recovered.manifest.builtAt).not.toBe(engine.manifest.builtAt);
    expect(recovered.manifest.model.dimension).toBe(100);
    expect(await verifyIndex(config.INDEX_DIR)).toBeUndefined();
  });

  it("rebuilds an index whose vectors do not fit the loaded model", async () => {
    const { engine } = await openTestEngine();
    const expected = { modelId: DEFAULT_MODEL, modelRevision: engine.manifest.model.revision, dimension: 384, corpus: engine.manifest.corpus, chunking: DEFAULT_CHUNKING };
    expect(staleReason(engine.manifest, expected)).toMatch(/vectors of 100 numbers and the model makes 384/);
  });

  it("finds damage by full verification that the cheap check at start misses", async () => {
    const { config } = await openTestEngine();
    const file = path.join(await buildFolder(config.INDEX_DIR), "text.pack");
    const bytes = await readFile(file);
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0xff;
    await writeFile(file, bytes);
    expect(await verifyIndex(config.INDEX_DIR)).toMatch(/text\.pack does not match its checksum/);
  });

  it("keeps the old index when the disk is full, and says so without paths", async () => {
    const indexDir = await smallDisk();
    try {
      const config = await testConfig({ INDEX_DIR: indexDir });
      const engine = await openEngine(config, silent);
      await fillDisk(indexDir);
      const failure = await engine.reindex().catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(IndexWriteError);
      expect((failure as Error).message).toBe("The new index could not be saved: the disk is full. The old index is kept.");
      expect((await loadIndex(indexDir)).manifest.builtAt).toBe(engine.manifest.builtAt);
      expect(await readdir(path.join(indexDir, "builds"))).toHaveLength(1);
      expect((await engine.ask("When did Israel open an embassy in Baku?")).shortAnswer).toBe("1993");
      // A start-up rebuild that cannot be written answers from the old index too.
      expect((await openEngine(config, silent, { rebuild: true })).manifest.builtAt).toBe(engine.manifest.builtAt);
    } finally {
      releaseDisk(indexDir);
    }
  });

  it("turns a full disk into a short reason", () => {
    const err = writeFailure(Object.assign(new Error("ENOSPC: no space left on device, write '/srv/x/index/builds/a/text.pack'"), { code: "ENOSPC" }));
    expect(err?.message).toBe("The new index could not be saved: the disk is full. The old index is kept.");
    expect(writeFailure(new Error("other"))).toBeUndefined();
    expect(withoutPaths("ENOENT: no such file, open '/srv/x/index/builds/a/text.pack'")).toBe("ENOENT: no such file, open 'text.pack'");
  });
});
