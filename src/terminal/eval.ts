/** `npm run eval`: the hybrid system and its two one-retriever baselines, scored by the same code. */
import { readFile } from "node:fs/promises";
import type { FootnoteEngine } from "../engine.js";
import type { RetrievalMode } from "../retrieve/hybrid.js";
import { normalizeForEval, parseEvalLines, scoreEval, shownAnswer, type EvalLine, type EvalReport } from "./eval-score.js";

const MODES: RetrievalMode[] = ["hybrid", "bm25", "vector"];
const MEASURES: (keyof EvalReport)[] = ["questions", "hit_at_1", "hit_at_3", "hit_at_5", "answer_hit", "false_abstain", "offtopic", "offtopic_abstain"];

export interface EvalOptions {
  json: boolean;
  misses: boolean;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

export async function evaluate(engine: FootnoteEngine, lines: EvalLine[], mode: RetrievalMode) {
  const results = [];
  for (const line of lines) results.push({ line, answer: await engine.answer(line.q, {}, mode) });
  return { report: scoreEval(results), results };
}

export async function runEval(engine: FootnoteEngine, files: string[], options: EvalOptions): Promise<EvalReport> {
  const lines = (await Promise.all(files.map(async (f) => parseEvalLines(await readFile(f, "utf8"), f)))).flat();
  const reports = {} as Record<RetrievalMode, EvalReport>;
  for (const mode of MODES) {
    const { report, results } = await evaluate(engine, lines, mode);
    reports[mode] = report;
    if (options.misses && mode === "hybrid") {
      for (const { line, answer } of results) {
        const expected = line.a?.map(normalizeForEval);
        const ok = expected ? !answer.abstained && expected.some((a) => normalizeForEval(shownAnswer(answer)).includes(a)) : answer.abstained;
        if (!ok) options.err.write(`miss: ${line.q}  expected ${JSON.stringify(line.a ?? "abstain")}  got ${answer.abstained ? "abstain" : JSON.stringify(shownAnswer(answer).slice(0, 160))}\n`);
      }
    }
  }
  if (options.json) {
    options.out.write(`${JSON.stringify({ ...reports.hybrid, baselines: { bm25: reports.bm25, vector: reports.vector } })}\n`);
  } else {
    options.out.write(table(reports));
  }
  return reports.hybrid;
}

function table(reports: Record<RetrievalMode, EvalReport>): string {
  const cell = (v: number, key: keyof EvalReport) => (key === "questions" || key === "offtopic" ? String(v) : v.toFixed(3));
  const rows = MEASURES.map((m) => [m, ...MODES.map((mode) => cell(reports[mode][m], m))]);
  const header = ["measure", "hybrid", "bm25 only", "vectors only"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  return [fmt(header), `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`, ...rows.map(fmt)].join("\n") + "\n";
}
