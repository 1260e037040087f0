/**
 * `npm run eval`: answer quality per file and per kind of question, for the hybrid system and its
 * two one-retriever baselines scored by the same code.
 */
import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Answer } from "../engine-api.js";
import type { FootnoteEngine } from "../engine.js";
import type { RetrievalMode } from "../retrieve/hybrid.js";
import { calibrationPng } from "./calibration-png.js";
import { isRight, normalizeForEval, parseEvalLines, scoreEval, shownAnswer, type EvalLine, type EvalReport } from "./eval-score.js";

const MODES: RetrievalMode[] = ["hybrid", "bm25", "vector"];
const MEASURES: (keyof EvalReport)[] = [
  "questions",
  "hit_at_1",
  "hit_at_3",
  "hit_at_5",
  "answer_hit",
  "false_abstain",
  "offtopic",
  "offtopic_abstain",
  "bold_shown",
  "bold_right",
  "whole_sentence_quotes",
  "chit_chat",
  "help_reply",
];
const COUNTS = new Set<keyof EvalReport>(["questions", "offtopic", "chit_chat"]);

export interface EvalOptions {
  json: boolean;
  misses: boolean;
  /** Write one JSON line per question here, for studying misses. */
  details?: string;
  /** Draw predicted probability against observed accuracy into this PNG. */
  calibration?: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

interface Row {
  file: string;
  line: EvalLine;
  answer: Answer;
}

export async function evaluate(engine: FootnoteEngine, lines: EvalLine[], mode: RetrievalMode) {
  const results = [];
  for (const line of lines) results.push({ line, answer: await engine.answer(line.q, {}, mode) });
  return { report: scoreEval(results), results };
}

export async function runEval(engine: FootnoteEngine, files: string[], options: EvalOptions): Promise<EvalReport> {
  const lines = (await Promise.all(files.map(async (f) => parseEvalLines(await readFile(f, "utf8"), f).map((line) => ({ file: basename(f), line }))))).flat();
  const reports = {} as Record<RetrievalMode, EvalReport>;
  let rows: Row[] = [];
  for (const mode of MODES) {
    const { report, results } = await evaluate(
      engine,
      lines.map((l) => l.line),
      mode,
    );
    reports[mode] = report;
    if (mode === "hybrid") rows = results.map((r, i) => ({ file: lines[i]!.file, ...r }));
  }
  const byFile = groupReports(rows, (r) => r.file);
  const byKind = groupReports(rows, (r) => `${r.line.a ? "in scope" : "off-topic"}: ${r.line.kind ?? "(no kind)"}`);
  if (options.misses) {
    for (const { line, answer } of rows) {
      if (!isRight(line, answer)) options.err.write(`miss: ${line.q}  expected ${JSON.stringify(line.a ?? (line.kind === "chit-chat" ? "help" : "abstain"))}  got ${answer.abstained ? "abstain" : JSON.stringify(shownAnswer(answer).slice(0, 160))}\n`);
    }
  }
  if (options.details) await writeFile(options.details, rows.map((r) => `${JSON.stringify(detail(r))}\n`).join(""));
  // Help replies and the paper's metadata carry no model probability.
  const scored = rows.filter((r) => r.answer.intent !== "help" && r.answer.confidence < 1);
  if (options.calibration) await writeFile(options.calibration, calibrationPng(scored.map((r) => ({ probability: r.answer.confidence, right: answeredRight(r) }))));
  if (options.json) {
    options.out.write(`${JSON.stringify({ ...reports.hybrid, files: byFile, kinds: byKind, baselines: { bm25: reports.bm25, vector: reports.vector } })}\n`);
  } else {
    options.out.write(`${table(["measure", "hybrid", "bm25 only", "vectors only"], MODES.map((m) => reports[m]))}\n`);
    options.out.write(`By file (hybrid):\n${table(["measure", ...Object.keys(byFile)], Object.values(byFile))}\n`);
    options.out.write(`By kind (hybrid):\n${table(["measure", ...Object.keys(byKind)], Object.values(byKind))}`);
  }
  return reports.hybrid;
}

/**
 * For calibration, whether the sentence the probability is about was right: the lead quote, or
 * when the reply abstained, the passage it came from (the reranked first). Off-topic: never.
 */
function answeredRight({ line, answer }: Row): boolean {
  if (!line.a) return false;
  const shown = answer.abstained ? (answer.passages[0]?.text ?? "") : shownAnswer(answer);
  return line.a.some((a) => normalizeForEval(shown).includes(normalizeForEval(a)));
}

function groupReports(rows: Row[], key: (r: Row) => string): Record<string, EvalReport> {
  const groups = new Map<string, Row[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return Object.fromEntries([...groups].map(([k, rs]) => [k, scoreEval(rs)]));
}

function detail({ file, line, answer }: Row) {
  return {
    file,
    question: line.q,
    kind: line.kind ?? null,
    right: isRight(line, answer),
    intent: answer.intent,
    abstained: answer.abstained,
    probability: answer.confidence,
    shortAnswer: answer.shortAnswer ?? null,
    quotes: answer.answer.map((q) => ({ paper: q.citation.paperId, start: q.start, end: q.end, quote: q.quote })),
    topPassages: answer.passages.slice(0, 5).map((p) => p.id),
  };
}

function table(header: string[], reports: EvalReport[]): string {
  const cell = (v: number, key: keyof EvalReport) => (COUNTS.has(key) ? String(v) : v.toFixed(3));
  const rows = MEASURES.map((m) => [m, ...reports.map((r) => cell(r[m], m))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
  return [fmt(header), `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`, ...rows.map(fmt)].join("\n") + "\n";
}
