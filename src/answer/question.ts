/** Checks a question before any work is done, and reads what kind of answer it asks for. */
import { contentWords, normalizeText } from "../ingest/terms.js";

export class QuestionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuestionError";
  }
}

/** The message for a question over the length limit, or undefined; adapters check it before any work. */
export function lengthProblem(question: string, maxLength: number): string | undefined {
  return question.length > maxLength
    ? `That question is ${question.length.toLocaleString("en")} characters long; the limit is ${maxLength}. Please ask something shorter.`
    : undefined;
}

/**
 * Returns the question cleaned of chat markup (mentions, @everyone, formatting characters,
 * control characters), or throws QuestionError with a message meant for the person asking.
 */
export function validateQuestion(raw: unknown, maxLength: number): string {
  if (typeof raw !== "string" || raw.trim() === "") throw new QuestionError("Please ask a question: the message was empty.");
  const tooLong = lengthProblem(raw, maxLength);
  if (tooLong) throw new QuestionError(tooLong);
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

/** How a question is asked, as opposed to what it is about: "how big", "in what year", "tell me about". */
const SCAFFOLD = /\b(?:how (?:much|many|big|large|long|high|far|old|often)|(?:in )?(?:what|which) year|tell me(?: about)?|explain|describe|according to the (?:paper|article|authors?)|(?:the |both |all(?: the)? |each )?(?:papers?|articles?|studies|authors?) (?:differ|disagree|agree|compare|say|said|write|wrote|think|thinks|argue|argues|claim|claims|believe|believes|contend|contends|maintain|maintains)(?: on| about| that)?|(?:differ|disagree|agree|compare)(?: on| about)?)\b/g;

/**
 * The question without its asking words, so only what it is about is matched against sentences;
 * one that is nothing but asking words ("what does the paper argue?") is about what it asks.
 */
export function questionFocus(question: string): string {
  const text = normalizeText(question);
  const focus = text.replace(SCAFFOLD, " ");
  return contentWords(focus).length > 0 ? focus : text;
}

/**
 * A count ("how many"), money ("how much did it cost"), a share ("what percentage"), an amount
 * ("how much gas", "how large"), a quantity named by its noun ("what is the maximum range of…",
 * "the length of…"), a distance ("how far"), or a length, time or age ("how long", "how old");
 * no share or sum of money answers the last two.
 */
export type NumericKind = "count" | "money" | "share" | "number" | "quantity" | "distance" | "measure";
export type AnswerKind = "year" | NumericKind | "person" | "place" | "name" | "other";

export function isNumeric(kind: AnswerKind): kind is NumericKind {
  return kind === "count" || kind === "money" || kind === "share" || kind === "number" || kind === "quantity" || kind === "distance" || kind === "measure";
}

/** "How much" asks for money when the question is about paying, costing or raising it. */
const MONEY_WORDS = /\b(?:cost|costs|costing|charge[sd]?|charging|price[sd]?|pay|pays|paid|paying|worth|raise[sd]?|raising|spen[dt]|spending|funds?|funded|funding|money|invest(?:ed|ment)?|budget|fees?|earn(?:s|ed)?|sold for|bought for|value[sd]?)\b/;

/** WordNet's kinds of quantity, by a word's commonest sense: "maximum", "length", "temperature", "speed", "budget"… */
const QUANTITIES = ["measure", "quantity", "amount", "rate"];
/** "What is the maximum range of…", "what was the average price for…": the noun phrase the question asks the value of. */
const VALUE_OF = /\bwhat(?:'s| is| was| are| were) (?:the|its|their) ((?:[\p{L}-]+ ){0,2}?[\p{L}-]+) (?:of|for|in)\b/u;

/**
 * What the question asks for, from its question words: this decides which short answer to look
 * for. With WordNet's `isA`, "who is…" asks for a name when its noun is a kind of person
 * ("president"), and "what is the … of" asks for a quantity when a word of its noun phrase names one.
 */
export function answerKind(question: string, isA: (word: string, ancestors: string[], senses?: number) => boolean = () => false): AnswerKind {
  const q = normalizeText(question);
  const isRole = (w: string) => isA(w, ["person"]);
  if (/\b(when|what year|which year|what date|since when)\b/.test(q)) return "year";
  if (/\bhow many\b|\b(what|which) number of\b/.test(q)) return "count";
  if (/\b(what|which) (share|percentage|percent|proportion|portion|fraction)\b|\bwhat per ?cent\b/.test(q)) return "share";
  if (/\bhow much\b|\b(what|which) (amount|sum)\b/.test(q) && MONEY_WORDS.test(q)) return "money";
  if (/\bhow far\b/.test(q)) return "distance";
  if (/\bhow (long|old)\b/.test(q)) return "measure";
  if (/\bhow (much|large|big|high|often)\b|\b(what|which) (amount|sum|size)\b/.test(q)) return "number";
  // "The cost of the deal" is money, "the maximum range of the missile" a quantity; "the value of open data" is worth of any kind.
  const valueNoun = VALUE_OF.exec(q)?.[1]?.replace(/\bvalues?\b/g, "");
  if (valueNoun && MONEY_WORDS.test(valueNoun)) return "money";
  if (valueNoun?.split(" ").some((w) => w && isA(w, QUANTITIES, 1))) return "quantity";
  // "Who is Hasan Farahji?" asks what a named person is; "who is the president?", "who is azerbaijans president?" ask for a name.
  const identity = /\bwho (?:is|was|are|were) (?!(?:the|a|an|this|that|these|those|his|her|its|their|our|one)\b)(\S.*)$/.exec(q)?.[1];
  if (identity && !identity.split(/\s+/).some(isRole)) return "other";
  if (/\b(who|whom|whose)\b/.test(q)) return "person";
  if (/\bwhere\b|\b(which|what) (country|countries|city|cities|region|state|place|capital)\b/.test(q)) return "place";
  if (/\bwhich\b|\bwhat (is|was|were|are) the names?\b|^name\b/.test(q)) return "name";
  return "other";
}

const AUXILIARY = /^(?:did|does|do|was|were|is|are|has|have|had|can|could|would|will|should|might)$/;

/** The noun phrase a which/what question asks for ("which air defence system did…" → air, defence, system). */
export function headWords(question: string): string[] {
  const after = /\b(?:which|what)\s+(.*)$/.exec(normalizeText(question))?.[1] ?? "";
  const head: string[] = [];
  for (const w of after.split(/[^\p{L}\p{N}\-]+/u).filter(Boolean)) {
    if (AUXILIARY.test(w) || /(?:ed|ing)$/.test(w) || head.length === 3) break;
    head.push(w);
  }
  return head.filter((w) => !/^\d/.test(w));
}
