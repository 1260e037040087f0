/**
 * `npm run bench`: model load, index build (reading and embedding the corpus, building both
 * indexes, saving), start-up to ready with the index built, question latency and peak memory.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Config } from "../config.js";
import { loadEmbedder, type Embedder } from "../embed/embedder.js";
import { buildIndex } from "../indexes/store.js";
import { DEFAULT_CHUNKING } from "../ingest/chunk.js";
import { fingerprintCorpus, readCorpus } from "../ingest/read-corpus.js";
import { openEngine, type FootnoteEngine } from "../engine.js";
import { createLogger } from "../log.js";
import { parseEvalLines } from "./eval-score.js";

export interface BenchOptions {
  json: boolean;
  questionsFile: string;
  out: NodeJS.WritableStream;
}

export interface BenchReport {
  model: string;
  model_load_ms: number;
  index_build_ms: number;
  passages: number;
  start_to_ready_ms: number;
  questions: number;
  retrieve_p50_ms: number;
  retrieve_p95_ms: number;
  answer_p50_ms: number;
  answer_p95_ms: number;
  peak_rss_mb: number;
}

const TARGETS: Partial<Record<keyof BenchReport, number>> = { start_to_ready_ms: 1500, retrieve_p95_ms: 5 };
/** Each question is timed several times so percentiles rest on more than a few dozen samples. */
const ROUNDS = 5;

export async function runBench(config: Config, options: BenchOptions): Promise<BenchReport> {
  const log = createLogger("error");
  const questions = parseEvalLines(await readFile(options.questionsFile, "utf8"), options.questionsFile).map((l) => l.q);
  const modelArgs = { modelId: config.EMBEDDING_MODEL, modelsDir: config.MODELS_DIR, cacheDir: config.MODEL_CACHE_DIR };
  await (await loadEmbedder(modelArgs)).dispose(); // builds the model if it is missing, so the next line times a load only
  let embedder!: Embedder;
  const model_load_ms = await time(async () => {
    embedder = await loadEmbedder(modelArgs);
  });

  const indexDir = await mkdtemp(path.join(os.tmpdir(), "footnote-bench-"));
  try {
    const benchConfig = { ...config, INDEX_DIR: indexDir };
    const corpus = await fingerprintCorpus(config.CORPUS_DIR);
    const { documents } = await readCorpus(config.CORPUS_DIR);
    let passages = 0;
    const index_build_ms = await time(async () => {
      passages = (await buildIndex({ indexDir, documents, corpus, embedder, chunking: DEFAULT_CHUNKING })).passages.count;
    });
    await embedder.dispose();
    let engine!: FootnoteEngine;
    const start_to_ready_ms = await time(async () => {
      engine = await openEngine(benchConfig, log);
    });
    // One untimed pass warms the JIT and caches; then each kind of call is timed on its own, so
    // the garbage one leaves behind is not billed to the other.
    for (const q of questions) await engine.ask(q);
    const timeAll = async (fn: (q: string) => Promise<unknown>) => {
      const samples: number[] = [];
      for (let round = 0; round < ROUNDS; round++) for (const q of questions) samples.push(await time(() => fn(q)));
      return samples;
    };
    const retrieve = await timeAll((q) => engine.search(q));
    const answer = await timeAll((q) => engine.ask(q));
    const report: BenchReport = {
      model: config.EMBEDDING_MODEL,
      model_load_ms,
      index_build_ms,
      passages,
      start_to_ready_ms,
      questions: questions.length,
      retrieve_p50_ms: percentile(retrieve, 50),
      retrieve_p95_ms: percentile(retrieve, 95),
      answer_p50_ms: percentile(answer, 50),
      answer_p95_ms: percentile(answer, 95),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    options.out.write(options.json ? `${JSON.stringify(report)}\n` : table(report));
    return report;
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return Math.round((performance.now() - start) * 100) / 100;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function table(report: BenchReport): string {
  const rows = Object.entries(report).map(([k, v]) => {
    const target = TARGETS[k as keyof BenchReport];
    return [k, String(v), target === undefined ? "" : `< ${target}${Number(v) < target ? "  ok" : "  MISSED"}`];
  });
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ["measure", "value", "target"][i]!.length));
  const fmt = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i]!)).join(" | ")} |`;
  return [fmt(["measure", "value", "target"]), `|${w.map((x) => "-".repeat(x + 2)).join("|")}|`, ...rows.map(fmt)].join("\n") + "\n";
}
