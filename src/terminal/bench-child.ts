/**
 * One side of one `npm run bench` row, in a process of its own: `build <corpus> <index>`,
 * `serve <corpus> <index> <questions.jsonl>`, or `add <corpus> <index>` (one paper more, into
 * the built index, as a running bot would); prints one JSON object.
 */
import { readFile } from "node:fs/promises";
import { loadConfig } from "../config.js";
import { openEngine } from "../engine.js";
import { loadIndex } from "../indexes/store.js";
import { createLogger } from "../log.js";
import { writeAddedPaper } from "./bench-corpus.js";
import { diskMb, hitRate, peakRssMb, recallAt10, round, rssMb, time, timeEach } from "./bench-measure.js";
import { parseEvalLines } from "./eval-score.js";

const [role, corpusDir, indexDir, questionsFile, recallQueries] = process.argv.slice(2) as [string, string, string, string?, string?];
const config = loadConfig({ ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, LOG_LEVEL: "error" });
const log = createLogger("error");

if (role === "build") {
  let passages = 0;
  const ms = await time(async () => {
    const engine = await openEngine(config, log, { rebuild: true, force: true });
    passages = engine.manifest.passages;
    await engine.close();
  });
  process.stdout.write(`${JSON.stringify({ passages, build_s: round(ms / 1000, 1), build_rss_mb: peakRssMb(), disk_mb: await diskMb(indexDir) })}\n`);
} else if (role === "add") {
  const engine = await openEngine(config, log);
  await writeAddedPaper(corpusDir);
  let embedded = 0;
  const ms = await time(async () => (embedded = (await engine.reindex()).embedded));
  process.stdout.write(`${JSON.stringify({ add_paper_s: round(ms / 1000, 1), add_paper_embedded: embedded })}\n`);
  await engine.close();
} else {
  const lines = parseEvalLines(await readFile(questionsFile!, "utf8"), questionsFile!);
  const questions = lines.map((l) => l.q);
  let engine!: Awaited<ReturnType<typeof openEngine>>;
  const ready_ms = round(await time(async () => (engine = await openEngine(config, log))));
  for (const q of questions) await engine.ask(q); // warms the JIT and caches; untimed
  const retrieve = await timeEach(questions, (q) => engine.search(q));
  const answer = await timeEach(questions, (q) => engine.ask(q));
  const results = [];
  for (const l of lines.filter((x) => x.a)) results.push({ answers: l.a!, passages: (await engine.ask(l.q)).passages.map((p) => p.text) });
  const serve_rss_mb = rssMb();
  // Measured after the memory figure: the exact search it compares with holds every vector.
  const index = await loadIndex(indexDir);
  const sample = Array.from({ length: Math.min(Number(recallQueries ?? 100), index.passages.count) }, (_, i) => index.passages.get(Math.floor((i * index.passages.count) / Number(recallQueries ?? 100))).text);
  const queries = await engine.embedder.embed([...questions, ...sample].slice(0, Number(recallQueries ?? 100)));
  const recall_at_10 = recallAt10(queries, (i) => index.vectors.vector(i), index.passages.count, (q) => index.vectors.query(q, 10).map((h) => h.index));
  process.stdout.write(
    `${JSON.stringify({
      ready_ms,
      retrieve_p50_ms: retrieve.p50,
      retrieve_p95_ms: retrieve.p95,
      answer_p50_ms: answer.p50,
      answer_p95_ms: answer.p95,
      serve_rss_mb,
      recall_at_10,
      dev_hit_at_1: hitRate(results, 1),
      dev_hit_at_5: hitRate(results, 5),
    })}\n`,
  );
  await engine.close();
}
