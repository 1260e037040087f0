/** Checks a question before any work is done, and reads what kind of answer it asks for. */
import { normalizeText } from "../ingest/terms.js";

export class QuestionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuestionError";
  }
}

/**
 * Returns the question cleaned of chat markup (mentions, @everyone, formatting characters,
 * control characters), or throws QuestionError with a message meant for the person asking.
 */
export function validateQuestion(raw: unknown, maxLength: number): string {
  if (typeof raw !== "string" || raw.trim() === "") throw new QuestionError("Please ask a question: the message was empty.");
  if (raw.length > maxLength) {
    throw new QuestionError(`That question is ${raw.length.toLocaleString("en")} characters long; the limit is ${maxLength}. Please ask something shorter.`);
  }
  const cleaned = raw
    .replace(/<(?:@[!&]?|#)\d+>/g, " ")
    .replace(/@(?:everyone|here)\b/gi, " ")
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu, " ")
    .replace(/[*_~`|>#[\]{}\\]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (!/[\p{L}\p{N}]/u.test(cleaned)) throw new QuestionError("I could not find any words in that question. Please ask it in words.");
  return cleaned;
}

export type AnswerKind = "year" | "number" | "person" | "place" | "name" | "other";

/** What the question asks for, from its question words: this decides which short answer to look for. */
export function answerKind(question: string): AnswerKind {
  const q = normalizeText(question);
  if (/\b(when|what year|which year|what date|since when)\b/.test(q)) return "year";
  if (/\bhow (much|many|large|big|long|high|far|old|often)\b|\b(what|which) (share|percentage|proportion|amount|number|portion|fraction|size)\b/.test(q)) return "number";
  if (/\b(who|whom|whose)\b/.test(q)) return "person";
  if (/\bwhere\b|\b(which|what) (country|countries|city|cities|region|state|place|capital)\b/.test(q)) return "place";
  if (/\bwhich\b|\bwhat (is|was|were|are) the names?\b|^name\b/.test(q)) return "name";
  return "other";
}
