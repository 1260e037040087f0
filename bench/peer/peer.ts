/**
 * The peer in `npm run bench`: what a TypeScript user would build instead of footnote, with
 * LangChain.js: the corpus files as documents, RecursiveCharacterTextSplitter (1000/200), the
 * HNSWLib store, over footnote's own offline model so only the system differs. `build` and
 * `serve` run as separate processes, like footnote's side (src/terminal/bench-child.ts).
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Document } from "@langchain/core/documents";
import { Embeddings } from "@langchain/core/embeddings";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { loadConfig } from "../../src/config.js";
import { loadEmbedder, type Embedder } from "../../src/embed/embedder.js";
import { writeAddedPaper } from "../../src/terminal/bench-corpus.js";
import { diskMb, hitRate, peakRssMb, recallAt10, round, rssMb, time, timeEach } from "../../src/terminal/bench-measure.js";
import { parseEvalLines } from "../../src/terminal/eval-score.js";

class FootnoteEmbeddings extends Embeddings {
  constructor(private readonly embedder: Embedder) {
    super({});
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.embedder.embed(texts)).map((v) => Array.from(v));
  }
  async embedQuery(text: string): Promise<number[]> {
    return Array.from((await this.embedder.embed([text]))[0]!);
  }
}

const [role, corpusDir, storeDir, questionsFile, recallQueries] = process.argv.slice(2) as [string, string, string, string?, string?];
const config = loadConfig({ ...process.env, LOG_LEVEL: "error" });
const embedder = () => loadEmbedder({ modelId: config.EMBEDDING_MODEL, modelsDir: config.MODELS_DIR, cacheDir: config.MODEL_CACHE_DIR });

const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 200 });
const split = async (file: string) => splitter.splitDocuments([new Document({ pageContent: await readFile(file, "utf8"), metadata: { source: path.basename(file) } })]);

if (role === "build") {
  let passages = 0;
  const ms = await time(async () => {
    const docs: Document[] = [];
    for (const name of (await readdir(corpusDir)).sort()) docs.push(...(await split(path.join(corpusDir, name))));
    passages = docs.length;
    const store = await HNSWLib.fromDocuments(docs, new FootnoteEmbeddings(await embedder()));
    await store.save(storeDir);
  });
  process.stdout.write(`${JSON.stringify({ passages, build_s: round(ms / 1000, 1), build_rss_mb: peakRssMb(), disk_mb: await diskMb(storeDir) })}\n`);
} else if (role === "add") {
  // As the LangChain.js docs show it: load the store, add the new paper's chunks, save it again.
  const store = await HNSWLib.load(storeDir, new FootnoteEmbeddings(await embedder()));
  const file = await writeAddedPaper(corpusDir);
  let embedded = 0;
  const ms = await time(async () => {
    const docs = await split(file);
    embedded = docs.length;
    await store.addDocuments(docs);
    await store.save(storeDir);
  });
  process.stdout.write(`${JSON.stringify({ add_paper_s: round(ms / 1000, 1), add_paper_embedded: embedded })}\n`);
} else {
  const lines = parseEvalLines(await readFile(questionsFile!, "utf8"), questionsFile!);
  const questions = lines.map((l) => l.q);
  let store!: HNSWLib;
  let model!: Embedder;
  const ready_ms = round(
    await time(async () => {
      model = await embedder();
      store = await HNSWLib.load(storeDir, new FootnoteEmbeddings(model));
    }),
  );
  for (const q of questions) await store.similaritySearch(q, 5);
  const retrieve = await timeEach(questions, (q) => store.similaritySearch(q, 5));
  const results = [];
  for (const l of lines.filter((x) => x.a)) results.push({ answers: l.a!, passages: (await store.similaritySearch(l.q, 5)).map((d) => d.pageContent) });
  const serve_rss_mb = rssMb();
  const count = store.index.getCurrentCount();
  const wanted = Number(recallQueries ?? 100);
  const sample = Array.from({ length: Math.min(wanted, count) }, (_, i) => store.docstore.search(String(Math.floor((i * count) / wanted))).pageContent);
  const queries = await model.embed([...questions, ...sample].slice(0, wanted));
  const recall_at_10 = recallAt10(queries, (i) => store.index.getPoint(i), count, (q) => store.index.searchKnn(Array.from(q), 10).neighbors);
  process.stdout.write(
    `${JSON.stringify({ ready_ms, retrieve_p50_ms: retrieve.p50, retrieve_p95_ms: retrieve.p95, answer_p50_ms: null, answer_p95_ms: null, serve_rss_mb, recall_at_10, dev_hit_at_1: hitRate(results, 1), dev_hit_at_5: hitRate(results, 5) })}\n`,
  );
  await model.dispose();
}
