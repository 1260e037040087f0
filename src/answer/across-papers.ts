/** Questions that compare papers ("how do the papers differ on X?") are answered from each paper in turn. */
import type { Answer } from "./types.js";

const COMPARES_PAPERS = /\b(?:papers|articles|studies|authors)\b.*\b(?:differ|difference|disagree|agree|compare|contrast|each|both|say)\b|\b(?:differ|difference|disagree|agree|compare|contrast)\b.*\b(?:papers|articles|studies)\b|\b(?:each|both|all(?: the)?) (?:papers|articles|studies)\b/i;

export function spansPapers(question: string): boolean {
  return COMPARES_PAPERS.test(question);
}

/**
 * One answer from per-paper answers, given best paper first: the lead quote of every paper that
 * covers the question, and their passages interleaved so each paper is represented near the top.
 * Abstains only when no paper covers it.
 */
export function mergeAcrossPapers(answers: Answer[]): Answer {
  const covering = answers.filter((a) => !a.abstained && a.answer.length > 0);
  const question = answers[0]!.question;
  const interleaved = Array.from({ length: Math.max(0, ...answers.map((a) => a.passages.length)) }, (_, i) => answers.flatMap((a) => a.passages[i] ?? [])).flat();
  if (covering.length === 0) {
    return { question, intent: answers[0]!.intent, confidence: Math.max(...answers.map((a) => a.confidence)), abstained: true, answer: [], passages: interleaved.slice(0, 5), closestSections: answers.flatMap((a) => a.closestSections).slice(0, 3) };
  }
  return {
    question,
    intent: covering[0]!.intent,
    confidence: Math.min(...covering.map((a) => a.confidence)),
    abstained: false,
    // No single short answer stands for several papers, so nothing is marked inside the quotes.
    answer: covering.map((a) => {
      const { highlight: _, ...quote } = a.answer[0]!;
      return quote;
    }),
    passages: interleaved.slice(0, 5),
    closestSections: [],
  };
}
