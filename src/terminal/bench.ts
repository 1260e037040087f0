/**
 * `npm run bench -- --scale paper,1k,10k,100k[,1M]`: for each scale, a synthetic corpus of that
 * many passages (bench-corpus.ts; the default paper included, so the dev questions keep their
 * answers), indexed and served by footnote and by the LangChain.js peer (bench/peer/), each step
 * in a process of its own: build time and peak memory, disk, start-up to ready, memory when
 * serving, retrieval and answer latency, vector recall@10 and dev-set hits. "paper" is the
 * configured corpus alone. One table, footnote / peer and their ratio, or with --json one object.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Config } from "../config.js";
import { writeSyntheticCorpus } from "./bench-corpus.js";
import type { SideReport } from "./bench-measure.js";

export interface BenchOptions {
  scales: string[];
  json: boolean;
  questionsFile: string;
  /** Leave the peer out (it needs `npm install` in bench/peer). */
  peer: boolean;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

export interface BenchRow extends SideReport {
  scale: string;
  peer: SideReport | null;
}

const REPO = path.resolve(import.meta.dirname, "../..");
const CHILD = path.join(REPO, "src/terminal/bench-child.ts");
const PEER = path.join(REPO, "bench/peer/peer.ts");
const run = promisify(execFile);

/** "1k" → 1000, "1M" → 1000000, "2500" → 2500; "paper" → undefined (the configured corpus). */
export function parseScale(scale: string): number | undefined {
  if (scale === "paper") return undefined;
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(scale.trim());
  if (!m) throw new Error(`--scale takes a list like paper,1k,10k,100k,1M; "${scale}" is not one of them.`);
  return Math.round(Number(m[1]) * (m[2]?.toLowerCase() === "k" ? 1e3 : m[2]?.toLowerCase() === "m" ? 1e6 : 1));
}

async function child(script: string, args: string[], config: Config): Promise<Record<string, unknown>> {
  const env = { ...process.env, MODELS_DIR: config.MODELS_DIR, MODEL_CACHE_DIR: config.MODEL_CACHE_DIR, EMBEDDING_MODEL: config.EMBEDDING_MODEL };
  const { stdout } = await run(process.execPath, ["--max-old-space-size=16384", "--import", "tsx", script, ...args], { cwd: REPO, env, maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

export async function runBench(config: Config, options: BenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const withPeer = options.peer && existsSync(path.join(REPO, "bench/peer/node_modules"));
  if (options.peer && !withPeer) options.err.write("The peer is not installed: run `npm install` in bench/peer to measure it. Measuring footnote alone.\n");
  for (const scale of options.scales) {
    const wanted = parseScale(scale);
    const work = await mkdtemp(path.join(os.tmpdir(), "footnote-bench-"));
    try {
      // A copy even of the configured corpus: each side adds a paper to it.
      const corpus = path.join(work, "corpus");
      if (wanted === undefined) await cp(config.CORPUS_DIR, corpus, { recursive: true });
      else await writeSyntheticCorpus(corpus, wanted, path.join(REPO, "corpus/focused-on-iran.md"));
      // The same 100 queries at every size (the dev questions, then passages spread over the index).
      const recallQueries = "100";
      const step = async (label: string, script: string, args: string[]) => {
        const started = performance.now();
        options.err.write(`${scale}: ${label}…`);
        const result = await child(script, args, config);
        options.err.write(` ${Math.round((performance.now() - started) / 1000)} s\n`);
        return result;
      };
      const side = async (name: string, script: string, dir: string) =>
        ({
          ...(await step(`${name} build`, script, ["build", corpus, dir])),
          ...(await step(`${name} serve`, script, ["serve", corpus, dir, options.questionsFile, recallQueries])),
          ...(await step(`${name} add a paper`, script, ["add", corpus, dir])),
        }) as unknown as SideReport;
      const ours = await side("footnote", CHILD, path.join(work, "index"));
      // The peer reads the corpus as footnote did, without footnote's added paper.
      await rm(path.join(corpus, "added-paper.md"), { force: true });
      const peer = withPeer ? await side("peer", PEER, path.join(work, "peer")) : null;
      rows.push({ scale, ...ours, peer });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  options.out.write(options.json ? `${JSON.stringify({ scale: rows.map(({ scale: _, ...r }) => r) })}\n` : table(rows));
  return rows;
}

const COLUMNS: (keyof SideReport)[] = ["build_s", "disk_mb", "build_rss_mb", "serve_rss_mb", "ready_ms", "retrieve_p50_ms", "retrieve_p95_ms", "answer_p50_ms", "answer_p95_ms", "recall_at_10", "dev_hit_at_1", "dev_hit_at_5", "add_paper_s"];

function cell(ours: number | null, theirs: number | null | undefined): string {
  if (theirs === undefined) return String(ours ?? "–");
  if (ours === null || theirs === null) return `${ours ?? "–"} / ${theirs ?? "–"}`;
  return `${ours} / ${theirs} (×${theirs === 0 ? "∞" : (ours / theirs).toFixed(2)})`;
}

export function table(rows: BenchRow[]): string {
  const header = ["scale", "passages", ...COLUMNS];
  const body = rows.map((r) => [r.scale, r.peer ? `${r.passages} / ${r.peer.passages}` : String(r.passages), ...COLUMNS.map((c) => cell(r[c], r.peer ? r.peer[c] : undefined))]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const fmt = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  const note = rows.some((r) => r.peer) ? "\nEach cell: footnote / peer (footnote ÷ peer). The peer has no answer stage.\n" : "\n";
  return [fmt(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(fmt)].join("\n") + note;
}
