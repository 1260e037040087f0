/**
 * `npm run bench -- --libraries 1000`: many servers' libraries on one host. Builds a few synthetic
 * libraries of 20 papers each for real (timing the build), copies them out to the number asked,
 * then asks every library one question through the same lazy open and eviction the bot uses, and
 * reports the memory that costs and the latency of a cold library's first question.
 */
import { cp, mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Config } from "../config.js";
import { openMemoryDatabase } from "../db/database.js";
import { LibraryDb } from "../db/library-db.js";
import { openEngine } from "../engine.js";
import { Libraries } from "../libraries/libraries.js";
import { libraryOpener, librarySettings } from "../libraries/open.js";
import { createLogger } from "../log.js";
import { percentile } from "./bench-measure.js";

export interface LibraryBenchReport {
  libraries: number;
  papers_per_library: number;
  /** Its 20 papers' passages and the shared papers', all in each library's index. */
  passages_per_library: number;
  library_build_p50_ms: number;
  cold_first_question_p50_ms: number;
  cold_first_question_p95_ms: number;
  warm_question_p50_ms: number;
  open_max: number;
  rss_after_all_mb: number;
  /** After a full garbage collection, when node runs with --expose-gc: what the held libraries really cost. */
  rss_after_gc_mb?: number;
  heap_after_gc_mb?: number;
  peak_rss_mb: number;
  disk_per_library_mb: number;
}

const PAPERS = 20;
/** Libraries built for real; the rest are copies of them (the build is timed, not the copying). */
const DISTINCT = 10;
const TOPICS = ["moss", "gulls", "tides", "lichens", "bees", "otters", "heather", "salt", "basalt", "clover", "dunes", "reeds"];
const VERBS = ["grew", "fell", "rose", "spread", "shrank", "held", "moved", "changed"];

/** A paper written here: three sections of sentences that name its server, its number and its topic. */
function syntheticPaper(server: number, paper: number): string {
  const topic = TOPICS[(server + paper) % TOPICS.length]!;
  const sentence = (i: number) =>
    `In site ${server}-${paper} the ${topic} ${VERBS[(i + paper) % VERBS.length]} by ${(i * 7 + paper) % 90} per cent over ${2 + (i % 9)} years.`;
  const section = (title: string, from: number) => `## ${title}\n\n${Array.from({ length: 6 }, (_, i) => sentence(from + i)).join(" ")}\n`;
  return `# Changes in ${topic} at site ${server}-${paper}\n\n${section("Introduction", 0)}\n${section("Results", 6)}\n${section("Discussion", 12)}`;
}

const guildId = (i: number) => String(100_000_000_000_000_000n + BigInt(i));

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) total += (await stat(path.join(e.parentPath, e.name))).size;
  return total;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return Math.round((performance.now() - start) * 100) / 100;
}

export async function runLibraryBench(config: Config, count: number, out: NodeJS.WritableStream, json: boolean): Promise<LibraryBenchReport> {
  const log = createLogger("error");
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "footnote-bench-libraries-"));
  try {
    const benchConfig = { ...config, DATA_DIR: dataDir, INDEX_DIR: path.join(dataDir, "shared-index") };
    const shared = await openEngine(benchConfig, log);
    const settings = librarySettings(benchConfig);
    const db = new LibraryDb(openMemoryDatabase());
    const libraries = new Libraries(settings, db, shared, libraryOpener(benchConfig, shared, log), log);
    const builds: number[] = [];
    let passages = 0;
    const distinct = Math.min(DISTINCT, count);
    for (let s = 0; s < count; s++) {
      const id = guildId(s);
      const folders = libraries.folders(id);
      if (s < distinct) {
        await mkdir(folders.corpusDir, { recursive: true });
        for (let p = 0; p < PAPERS; p++) await writeFile(path.join(folders.corpusDir, `${p}.md`), syntheticPaper(s, p));
        builds.push(
          await time(async () => {
            const built = await libraryOpener(benchConfig, shared, log)(folders, () => {});
            passages = built.manifest.passages;
            await built.close();
          }),
        );
      } else {
        await cp(libraries.folders(guildId(s % distinct)).base, folders.base, { recursive: true });
      }
      for (let p = 0; p < PAPERS; p++) db.add({ guildId: id, paperId: `${p}.md`, hash: `${s}-${p}`, title: `paper ${p}`, addedBy: "bench", passages: 0 });
    }
    const question = (s: number) => `How much did the ${TOPICS[s % TOPICS.length]} change at site ${s % distinct}-${s % PAPERS}?`;
    const cold: number[] = [];
    for (let s = 0; s < count; s++) cold.push(await time(async () => (await libraries.engineFor(guildId(s))).ask(question(s))));
    await libraries.evict();
    const rss = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
    const rss_after_all_mb = rss();
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const afterGc = gc ? { rss_after_gc_mb: rss(), heap_after_gc_mb: Math.round(process.memoryUsage().heapUsed / 1024 / 1024) } : {};
    const warmId = guildId(count - 1);
    const warm: number[] = [];
    for (let i = 0; i < 20; i++) warm.push(await time(async () => (await libraries.engineFor(warmId)).ask(question(count - 1))));
    const report: LibraryBenchReport = {
      libraries: count,
      papers_per_library: PAPERS,
      passages_per_library: passages,
      library_build_p50_ms: percentile(builds, 50),
      cold_first_question_p50_ms: percentile(cold, 50),
      cold_first_question_p95_ms: percentile(cold, 95),
      warm_question_p50_ms: percentile(warm, 50),
      open_max: settings.openMax,
      rss_after_all_mb,
      ...afterGc,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      disk_per_library_mb: Math.round((await sizeOf(libraries.folders(guildId(0)).base)) / 1024 / 10.24) / 100,
    };
    await libraries.closeAll();
    await shared.close();
    out.write(json ? `${JSON.stringify(report)}\n` : `${Object.entries(report).map(([k, v]) => `| ${k} | ${v} |`).join("\n")}\n`);
    return report;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
