/**
 * What both sides of `npm run bench` measure the same way (footnote in bench-child.ts, the
 * LangChain.js peer in bench/peer/peer.ts): timings, percentiles, dev-set hits, vector recall,
 * memory and disk. Each side runs in its own process, so one's memory is not billed to the other.
 */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { normalizeForEval } from "./eval-score.js";

/** The keys of one side of one row of `npm run bench --json`. */
export interface SideReport {
  passages: number;
  build_s: number;
  disk_mb: number;
  build_rss_mb: number;
  serve_rss_mb: number;
  ready_ms: number;
  retrieve_p50_ms: number;
  retrieve_p95_ms: number;
  answer_p50_ms: number | null;
  answer_p95_ms: number | null;
  recall_at_10: number;
  dev_hit_at_1: number;
  dev_hit_at_5: number;
  /** Adding one paper of 200 passages to the built index, while it is open. */
  add_paper_s: number;
  add_paper_embedded: number;
}

/** Each question is timed several times so percentiles rest on more than a few dozen samples. */
export const ROUNDS = 5;

export async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function timeEach(questions: string[], fn: (q: string) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) for (const q of questions) samples.push(await time(() => fn(q)));
  return { p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)) };
}

/** Share of questions whose first `k` passages hold an accepted answer (eval's hit@k). */
export function hitRate(results: { answers: string[]; passages: string[] }[], k: number): number {
  if (results.length === 0) return 0;
  const hit = (r: (typeof results)[number]) => r.passages.slice(0, k).some((p) => r.answers.some((a) => normalizeForEval(p).includes(normalizeForEval(a))));
  return round(results.filter(hit).length / results.length, 3);
}

/** Share of the exact 10 nearest (by cosine over all stored vectors) that the index returns. */
export function recallAt10(queries: Float32Array[], vectors: (i: number) => ArrayLike<number>, count: number, search: (q: Float32Array) => number[]): number {
  const all = Array.from({ length: count }, (_, i) => vectors(i));
  const norms = all.map((v) => {
    let sum = 0;
    for (let j = 0; j < v.length; j++) sum += v[j]! * v[j]!;
    return Math.sqrt(sum) || 1;
  });
  let found = 0;
  let wanted = 0;
  for (const q of queries) {
    if (!q.some((x) => x !== 0)) continue;
    // The best 10 so far, best first: one pass over the vectors instead of sorting them all.
    const best: { i: number; s: number }[] = [];
    all.forEach((v, i) => {
      let dot = 0;
      for (let j = 0; j < q.length; j++) dot += q[j]! * v[j]!;
      const s = dot / norms[i]!;
      if (best.length === 10 && s <= best[9]!.s) return;
      let at = best.length;
      while (at > 0 && best[at - 1]!.s < s) at--;
      best.splice(at, 0, { i, s });
      if (best.length > 10) best.pop();
    });
    const exact = new Set(best.map((x) => x.i));
    const got = search(q);
    found += got.filter((i) => exact.has(i)).length;
    wanted += exact.size;
  }
  return wanted ? round(found / wanted, 3) : 0;
}

export async function diskMb(dir: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return round(bytes / 1024 / 1024, 1);
}

export const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
