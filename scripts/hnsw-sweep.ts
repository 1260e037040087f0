/**
 * The recall sweep behind vector-index.ts's HNSW settings: `tsx scripts/hnsw-sweep.ts 100k [M:efC,...] [ef,...]`
 * embeds the bench's synthetic corpus of that size (cached under the OS temp folder), builds HNSW
 * with each M and efConstruction, and for each search ef prints recall@10 against exact search and
 * the time per query, for question-like queries (the dev questions) and passage queries apart.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import hnswlib from "hnswlib-node";
import { loadConfig } from "../src/config.js";
import { startEmbedPool } from "../src/embed/embed-pool.js";
import { loadEmbedder } from "../src/embed/embedder.js";
import { chunkDocument, DEFAULT_CHUNKING } from "../src/ingest/chunk.js";
import { readCorpus } from "../src/ingest/read-corpus.js";
import { limitsFrom } from "../src/ingest/formats/format.js";
import { embeddingText } from "../src/indexes/store.js";
import { writeSyntheticCorpus } from "../src/terminal/bench-corpus.js";
import { parseScale } from "../src/terminal/bench.js";
import { parseEvalLines } from "../src/terminal/eval-score.js";

const [scale = "100k", builds = "16:200", efs = "40,64,100,150,200,300,400"] = process.argv.slice(2);
const size = parseScale(scale)!;
const config = loadConfig(process.env);
const embedder = await loadEmbedder({ modelId: config.EMBEDDING_MODEL, modelsDir: config.MODELS_DIR, cacheDir: config.MODEL_CACHE_DIR });
const dim = embedder.dimension;
const work = path.join(os.tmpdir(), "footnote-hnsw-sweep");
const cache = path.join(work, `vectors-${size}.f32`);
if (!existsSync(cache)) {
  const corpus = path.join(work, `corpus-${size}`);
  await writeSyntheticCorpus(corpus, size, path.resolve("corpus/focused-on-iran.md"));
  const { documents } = await readCorpus(corpus, limitsFrom(config));
  const texts = documents.flatMap((d) => chunkDocument(d, DEFAULT_CHUNKING)).map(embeddingText);
  const started = performance.now();
  const pool = await startEmbedPool(embedder, config.EMBED_THREADS);
  const vectors = await pool.embedAll(texts, 256);
  await pool.close();
  console.log(`embedded ${texts.length} passages in ${((performance.now() - started) / 1000).toFixed(1)} s on ${config.EMBED_THREADS} threads`);
  const all = new Float32Array(vectors.length * dim);
  vectors.forEach((v, i) => all.set(v, i * dim));
  await mkdir(work, { recursive: true });
  await writeFile(cache, all);
}
const buf = await readFile(cache);
const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
const count = all.length / dim;
const row = (i: number) => all.subarray(i * dim, (i + 1) * dim);

const questionFiles = ["test/fixtures/eval/questions.dev.jsonl", "../shared/eval/questions.dev2.jsonl", "../shared/eval/questions.library-dev.jsonl"].filter(existsSync);
const questions = (await Promise.all(questionFiles.map(async (f) => parseEvalLines(await readFile(f, "utf8"), f).map((l) => l.q)))).flat();
const queryKinds = {
  questions: (await embedder.embed(questions)).filter((q) => q.some((x) => x !== 0)),
  passages: Array.from({ length: 100 }, (_, i) => row(Math.floor(((i + 0.5) * count) / 100))),
};

function exactTop10(q: Float32Array): Set<number> {
  const best: { i: number; s: number }[] = [];
  for (let i = 0; i < count; i++) {
    let s = 0;
    const o = i * dim;
    for (let j = 0; j < dim; j++) s += q[j]! * all[o + j]!;
    if (best.length < 10 || s > best[9]!.s) {
      best.push({ i, s });
      best.sort((a, b) => b.s - a.s);
      if (best.length > 10) best.pop();
    }
  }
  return new Set(best.map((b) => b.i));
}
const exact = Object.fromEntries(Object.entries(queryKinds).map(([k, qs]) => [k, qs.map(exactTop10)]));
console.log(`${count} passages, ${queryKinds.questions.length} questions, ${queryKinds.passages.length} passage queries`);

for (const spec of builds.split(",")) {
  const [m, efC] = spec.split(":").map(Number) as [number, number];
  const hnsw = new hnswlib.HierarchicalNSW("cosine", dim);
  hnsw.initIndex({ maxElements: count, m, efConstruction: efC, randomSeed: 42 });
  const started = performance.now();
  for (let i = 0; i < count; i++) hnsw.addPoint(Array.from(row(i)), i);
  const buildS = (performance.now() - started) / 1000;
  for (const ef of efs.split(",").map(Number)) {
    hnsw.setEf(ef);
    const cells = Object.entries(queryKinds).map(([kind, qs]) => {
      let found = 0;
      const times: number[] = [];
      qs.forEach((q, n) => {
        const t = performance.now();
        const { neighbors } = hnsw.searchKnn(Array.from(q), 40);
        times.push(performance.now() - t);
        found += neighbors.slice(0, 10).filter((i) => exact[kind]![n]!.has(i)).length;
      });
      times.sort((a, b) => a - b);
      return `${kind} recall ${(found / (qs.length * 10)).toFixed(3)} p50 ${times[Math.floor(times.length / 2)]!.toFixed(2)} p95 ${times[Math.floor(times.length * 0.95)]!.toFixed(2)} ms`;
    });
    console.log(`M ${m} efC ${efC} (build ${buildS.toFixed(0)} s) ef ${ef}: ${cells.join("; ")}`);
  }
}
await embedder.dispose();
