import type { Answer } from "../engine-api.js";
/** Scoring of the evaluation question sets, exactly as shared/eval/README.md defines it. */

export interface EvalLine {
  q: string;
  /** Acceptable answer strings; absent on off-topic lines. */
  a?: string[];
}

export interface EvalReport {
  questions: number;
  hit_at_1: number;
  hit_at_3: number;
  hit_at_5: number;
  answer_hit: number;
  false_abstain: number;
  offtopic: number;
  offtopic_abstain: number;
}

/** Lower case, straight quotes, "-" for dashes, single spaces. */
export function normalizeForEval(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, "-")
    .replace(/\s+/g, " ");
}

export function parseEvalLines(text: string, file: string): EvalLine[] {
  return text
    .split("\n")
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== "")
    .map(({ line, n }) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Error(`${file}:${n}: not valid JSON`);
      }
      const obj = parsed as EvalLine;
      if (typeof obj?.q !== "string" || (obj.a !== undefined && !(Array.isArray(obj.a) && obj.a.every((x) => typeof x === "string")))) {
        throw new Error(`${file}:${n}: expected {"q": "...", "a": ["..."]} or {"q": "..."}`);
      }
      return obj;
    });
}

function containsAny(text: string, answers: string[]): boolean {
  const t = normalizeForEval(text);
  return answers.some((a) => t.includes(normalizeForEval(a)));
}

/** The text shown as the answer: the quotes, not the extra passages. */
export function shownAnswer(answer: Answer): string {
  return [answer.shortAnswer ?? "", ...answer.answer.map((q) => q.quote)].join("\n");
}

export function scoreEval(results: { line: EvalLine; answer: Answer }[]): EvalReport {
  const inScope = results.filter((r) => r.line.a);
  const offTopic = results.filter((r) => !r.line.a);
  const rate = (rows: typeof results, ok: (r: (typeof results)[number]) => boolean) => (rows.length ? rows.filter(ok).length / rows.length : 0);
  const hitAt = (k: number) => rate(inScope, (r) => r.answer.passages.slice(0, k).some((p) => containsAny(p.text, r.line.a!)));
  return {
    questions: inScope.length,
    hit_at_1: hitAt(1),
    hit_at_3: hitAt(3),
    hit_at_5: hitAt(5),
    answer_hit: rate(inScope, (r) => !r.answer.abstained && containsAny(shownAnswer(r.answer), r.line.a!)),
    false_abstain: rate(inScope, (r) => r.answer.abstained),
    offtopic: offTopic.length,
    offtopic_abstain: rate(offTopic, (r) => r.answer.abstained),
  };
}
