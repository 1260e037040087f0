import type { Answer } from "../engine-api.js";
/** Scoring of the evaluation question sets, exactly as shared/eval/README.md defines it. */

export interface EvalLine {
  q: string;
  /** Acceptable answer strings; absent on off-topic lines. */
  a?: string[];
  /** What sort of question it is (paraphrase, student, why/how, paper-level, near, chit-chat…). */
  kind?: string;
  /** The paper the answer must come from (its file name), where the set says. */
  paper?: string;
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
  /** Share of in-scope questions shown a bold short answer, and the share of all bold answers shown (off-topic lines' too) that are right. */
  bold_shown: number;
  bold_right: number;
  /** Share of quotes that end where a sentence ends. */
  whole_sentence_quotes: number;
  /** Chit-chat lines, and the share of them answered with the help reply. */
  chit_chat: number;
  help_reply: number;
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

/** The text shown as the answer: the reply, the short answer and the quotes, not the extra passages. */
export function shownAnswer(answer: Answer): string {
  return [answer.reply ?? "", answer.shortAnswer ?? "", ...answer.answer.map((q) => q.quote)].join("\n");
}

/** Whether a line's reply is the right one: the answer for in-scope lines, help for chit-chat, abstaining for the rest. */
export function isRight(line: EvalLine, answer: Answer): boolean {
  if (line.a) return !answer.abstained && answer.intent !== "help" && containsAny(shownAnswer(answer), line.a) && citesPaper(line, answer);
  if (line.kind === "chit-chat") return answer.intent === "help";
  return answer.abstained || answer.intent === "help";
}

/** Where the line names its paper, the quotes must come from it (a reply from its metadata counts). */
function citesPaper(line: EvalLine, answer: Answer): boolean {
  if (!line.paper || answer.answer.length === 0) return true;
  return answer.answer.some((q) => q.citation.paperId === line.paper || q.citation.paperId.endsWith(`/${line.paper}`));
}

const SENTENCE_END = /[.!?…]["'”’)\]]*$/;

export function scoreEval(results: { line: EvalLine; answer: Answer }[]): EvalReport {
  const inScope = results.filter((r) => r.line.a);
  const offTopic = results.filter((r) => !r.line.a);
  const chat = offTopic.filter((r) => r.line.kind === "chit-chat");
  const rate = (rows: typeof results, ok: (r: (typeof results)[number]) => boolean) => (rows.length ? rows.filter(ok).length / rows.length : 0);
  const hitAt = (k: number) => rate(inScope, (r) => r.answer.passages.slice(0, k).some((p) => containsAny(p.text, r.line.a!)));
  // A bold answer shown to a question the papers cannot answer is a wrong one, whatever it says.
  const bolded = results.filter((r) => !r.answer.abstained && r.answer.intent !== "help" && r.answer.shortAnswer);
  const quotes = results.flatMap((r) => (r.answer.abstained ? [] : r.answer.answer.map((q) => q.quote.trim())));
  return {
    questions: inScope.length,
    hit_at_1: hitAt(1),
    hit_at_3: hitAt(3),
    hit_at_5: hitAt(5),
    answer_hit: rate(inScope, (r) => isRight(r.line, r.answer)),
    false_abstain: rate(inScope, (r) => r.answer.abstained),
    offtopic: offTopic.length,
    offtopic_abstain: rate(offTopic, (r) => isRight(r.line, r.answer)),
    bold_shown: rate(inScope, (r) => !r.answer.abstained && !!r.answer.shortAnswer),
    bold_right: rate(bolded, (r) => !!r.line.a?.some((a) => normalizeForEval(a).includes(normalizeForEval(r.answer.shortAnswer!)) || normalizeForEval(r.answer.shortAnswer!).includes(normalizeForEval(a)))),
    whole_sentence_quotes: quotes.length ? quotes.filter((q) => SENTENCE_END.test(q)).length / quotes.length : 0,
    chit_chat: chat.length,
    help_reply: rate(chat, (r) => r.answer.intent === "help"),
  };
}
