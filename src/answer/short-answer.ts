/** The short answer (a year, amount, name or place) inside a quoted sentence, as offsets into it. */
import { isStopword, normalizeText, sameRoot, words } from "../ingest/terms.js";
import type { Span } from "../ingest/sentences.js";
import type { Capitalisation } from "./capitalisation.js";
import { citeSpans } from "./cites.js";
import { isNumeric, type AnswerKind } from "./question.js";

export type { Span };

const NUMBER_WORD = String.raw`\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|(?:twen|thir|for|fif|six|seven|eigh|nine)ty|hundreds?|thousands?|millions|billions|dozens?)\b`;
const FRACTION = String.raw`\b(?:(?:one|two|three)-(?:half|third|quarter|fourth|fifth|sixth|tenth)s?|half|a (?:third|quarter|fifth|tenth))\b`;
const SCALE = String.raw`(?:\s+(?:thousand|million|billion|trillion))`;
const DIGITS = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;
/** After the number, spaced or hyphenated as an adjective ("a 12.4-hour period"). */
const UNIT = String.raw`(?:\s+(?:cubic|square)\s+[a-z]+|\s+of\s+(?:its|their)\s+[a-z]+|(?:\s+|-)(?:per\s?cent|percent|km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|feet|foot|barrels?|tonnes?|tons?|hectares?|people|(?:US\s+)?dollars?|euros?|pounds?|USD|EUR|GBP|years?|months?|weeks?|days?|nights?|hours?|minutes?|decades?|centur(?:y|ies)|times)(?![\p{L}]))?`;
/** "$4 billion", "2.55 trillion cubic metres", "15-20 million", "40%", "6.3 times"; not the 1 of "F1" or the 100 of "A100". */
const AMOUNT = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:US)?[$€£]?\s?${DIGITS}(?:\s?[-–]\s?${DIGITS})?${SCALE}?(?:\s?%)?${UNIT}`, "giu");
/** "seven billion barrels", "one-fifth of its territory": amounts in words, which count only with a scale or unit. */
const AMOUNT_IN_WORDS = new RegExp(String.raw`(?:${FRACTION}|${NUMBER_WORD}(?:\s+hundred)?${SCALE}?)${UNIT}`, "giu");
const YEAR = /\b(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:\d{1,2},\s+)?)?(?:1[5-9]\d\d|20\d\d)(?:s|\s?[-–]\s?(?:1[5-9]\d\d|20\d\d))?\b/gu;
/** A run of capitalised words, allowing "of"/"the"/"and" inside: "Gaza Flotilla", "Christian Armenians", "Bank of Azerbaijan". */
const PROPER = /(?<![\p{L}\p{N}\-'’])\p{Lu}[\p{L}\p{N}'’\-]*(?:\s+(?:(?:of|the|and|for|de)\s+)?\p{Lu}[\p{L}\p{N}'’\-]*)*/gu;
/** "the late nineteenth century", "the 21st century". */
const CENTURY = /\b(?:(?:early|mid|late)[- ])?(?:[a-z]+teenth|twentieth|twenty-first|\d{1,2}(?:st|nd|rd|th))[- ]century\b/giu;
/** What follows a number that counts things rather than naming a year. */
const COUNTED = /^\s+(?:years?|months?|days?|people|persons|km|kilometres|miles|barrels|tonnes|tons|troops|soldiers)\b/i;
const BARE_YEAR = /^(?:1[5-9]\d\d|20\d\d)$/;
/** Amounts in words lose to amounts in figures unless they are this much closer to the question's words. */
const WORDS_PENALTY = 40;
/** What is left of a name the question already says ("Israel Aerospace Industries Ltd" → "Ltd") is rarely the answer. */
const REMNANT_PENALTY = 60;
const APPOSITION_BONUS = 30;

interface Candidate extends Span {
  penalty: number;
}

export interface ShortAnswerHints {
  /** The question's content words (and a follow-up's context words). */
  asked: string[];
  /** The noun and verb the question turns on ("how large are the crude *oil* reserves"): an amount of it is the answer. */
  turnsOn?: string[];
  /** The noun a which/what question asks for ("which air defence system…" → air, defence, system). */
  head?: string[];
  /** How the corpus capitalises words, so a sentence's capitalised first word is not taken for a name unless it is one. */
  capitalisation?: Capitalisation;
}

/**
 * The best candidate of the asked-for kind: not made only of the question's own words, not one
 * of the paper's references, and nearest to where the question's words appear in the sentence.
 */
export function findShortAnswer(sentence: string, kind: AnswerKind, hints: ShortAnswerHints): Span | undefined {
  if (kind === "other") return undefined;
  const asked = (w: string) => hints.asked.some((q) => sameWord(q, w));
  const turnsOn = (w: string) => (hints.turnsOn ?? []).some((q) => sameWord(q, w));
  const head = (w: string) => (hints.head ?? []).some((q) => sameWord(q, w));
  const opener = (w: string, followedByComma: boolean) => hints.capitalisation?.isOpener(w, followedByComma) ?? false;
  const cites = citeSpans(sentence);
  const anchors = anchorsOf(sentence, asked);
  let best: (Span & { cost: number; attached: boolean }) | undefined;
  for (const c of candidates(sentence, kind, { asked, head, opener })) {
    if (cites.some((s) => c.start >= s.start && c.end <= s.end)) continue;
    const distance = anchors.length ? Math.min(...anchors.map((a) => Math.abs(a - c.start))) : c.start;
    const cost = distance + c.penalty;
    // "seven billion barrels of crude oil" is the amount of what was asked, however near another amount is to the question's words.
    const attached = isNumeric(kind) && countsAsked(sentence.slice(c.end), turnsOn);
    if (!best || (attached && !best.attached) || (attached === best.attached && cost < best.cost)) best = { start: c.start, end: c.end, cost, attached };
  }
  return best && { start: best.start, end: best.end };
}

interface WordTests {
  asked: (w: string) => boolean;
  head: (w: string) => boolean;
  /** True for a common word that is capitalised only because it opens the sentence ("Due", "Moreover"). */
  opener: (w: string, followedByComma: boolean) => boolean;
}

function* candidates(sentence: string, kind: AnswerKind, { asked, head, opener }: WordTests): Generator<Candidate> {
  const matches = (re: RegExp, penalty: number) => [...sentence.matchAll(re)].map((m) => ({ ...trimSpan(sentence, m.index!, m.index! + m[0].length), penalty }));
  if (kind === "year") {
    for (const c of [...matches(YEAR, 0), ...matches(CENTURY, 0)]) {
      // "2000 years ago" is an amount, not a date.
      if (!asked(sentence.slice(c.start, c.end)) && !COUNTED.test(sentence.slice(c.end))) yield c;
    }
  } else if (isNumeric(kind)) {
    for (const c of [...matches(AMOUNT, 0), ...matches(AMOUNT_IN_WORDS, WORDS_PENALTY)]) {
      const text = sentence.slice(c.start, c.end);
      if (BARE_YEAR.test(text) || words(text).every(asked) || (c.penalty !== 0 && !/\s|-/.test(text)) || !measures(text, kind, asked) || endsName(sentence, c)) continue;
      if (kind === "number" && countsOther(text, sentence.slice(c.end), asked)) continue;
      yield c;
    }
  } else {
    for (const c of matches(PROPER, 0)) {
      const trimmed = withoutAskedEnds(sentence, c, (w, t) => asked(w) || (t.start === 0 && opener(w, sentence[t.end] === ",")));
      if (!trimmed) continue;
      // "Azerbaijan’s capital": the name is Azerbaijan.
      const span = /['’]s$/.test(sentence.slice(trimmed.start, trimmed.end)) ? { start: trimmed.start, end: trimmed.end - 2 } : trimmed;
      const named = withHeadNoun(sentence, span, head);
      // Unless the asked-for noun follows ("Israeli Ashkelon-Eilat pipeline"), a trimmed name is one the question already says.
      const remnant = (trimmed.start !== c.start || trimmed.end !== c.end) && named.end === span.end;
      const apposition = named.end !== span.end || inApposition(sentence, named, head);
      yield { start: named.start, end: named.end, penalty: (remnant ? REMNANT_PENALTY : 0) - (apposition ? APPOSITION_BONUS : 0) };
    }
  }
}

/** "Elbit Hermes 450", "Machatz-1": a bare number after a name (not after the word that opens the sentence) is part of the name, not an amount. */
function endsName(sentence: string, span: Span): boolean {
  return /^\d+$/.test(sentence.slice(span.start, span.end)) && /\S\s+\p{Lu}\p{L}*[\s-]$/u.test(sentence.slice(0, span.start));
}

/**
 * Whether a sentence gives an amount of any measure, in figures or words ("about a fifth more",
 * "two hundred metres"): one with none cannot answer "how many" or "how much", whatever it shares
 * with the question; one with an amount of another measure may ("how many more cherries" is
 * answered by "a fifth more"), though that amount is not shown as the answer.
 */
export function holdsAmount(sentence: string): boolean {
  const found = (re: RegExp, whole: (text: string) => boolean) => [...sentence.matchAll(re)].some((m) => whole(m[0].trim()));
  return found(AMOUNT, (t) => !BARE_YEAR.test(t)) || found(AMOUNT_IN_WORDS, (t) => /\s|-/.test(t) || A_FRACTION.test(t));
}

const A_FRACTION = new RegExp(FRACTION, "iu");

const MONEY = /[$€£¥]|\b(?:dollars?|euros?|pounds? sterling|US\$|USD|EUR|GBP)\b/i;
const SHARE = /%|\bper ?cent\b|\b(?:half|third|quarter|fifth|tenth)s?\b/i;

/** A unit of length, and of length or time: what "how far", and "how long" and "how old", are answered in. */
const LENGTH_UNITS = "km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|feet|foot";
const LENGTH = new RegExp(String.raw`\b(?:${LENGTH_UNITS})\b`, "i");
/** The adjectives "how…" asks a size with. */
const SIZE_ADJECTIVES = ["big", "large", "high", "tall", "wide", "deep", "heavy", "huge"];
const TIME_UNITS = "years?|months?|weeks?|days?|nights?|hours?|minutes?|decades?|centur(?:y|ies)";
const TIME = new RegExp(String.raw`\b(?:${TIME_UNITS})\b`, "i");
const LENGTH_OR_TIME = new RegExp(String.raw`\b(?:${LENGTH_UNITS}|${TIME_UNITS})\b`, "i");

/**
 * Whether an amount measures what was asked: money is in a currency, a share is a percentage or
 * fraction, a length, time or age has its unit, a count is none of these, unless the question
 * counts in that unit ("how many years"), and a quantity named by its noun is neither money nor a share.
 */
function measures(text: string, kind: AnswerKind, asked: (w: string) => boolean): boolean {
  if (kind === "money") return MONEY.test(text);
  if (kind === "share") return SHARE.test(text);
  // "How big are the tides?" is not answered by "13 hours": a time is no size ("how much did sleep drop?" may be one).
  if (kind === "number") return !(TIME.test(text) && SIZE_ADJECTIVES.some(asked));
  // Money and shares have nouns of their own ("the cost of…", "what share…"): every other measure is neither.
  if (MONEY.test(text) || SHARE.test(text)) return false;
  if (kind === "distance" || kind === "measure") return (kind === "distance" ? LENGTH : LENGTH_OR_TIME).test(text);
  if (kind === "count") {
    const unit = LENGTH_OR_TIME.exec(text)?.[0];
    return !unit || asked(unit.toLowerCase());
  }
  return true;
}

/** "Israel’s former Deputy Foreign Minister Pinkhaz Avivi" asked about the minister gives "Pinkhaz Avivi". */
function withoutAskedEnds(sentence: string, span: Span, drop: (w: string, token: Span) => boolean): Span | undefined {
  const tokens = [...sentence.slice(span.start, span.end).matchAll(/\S+/g)].map((m) => ({ start: span.start + m.index!, end: span.start + m.index! + m[0].length }));
  const keep = (t: Span) => {
    const w = words(sentence.slice(t.start, t.end))[0];
    return w !== undefined && !drop(w, t) && !isStopword(w);
  };
  while (tokens.length && !keep(tokens[0]!)) tokens.shift();
  while (tokens.length && !keep(tokens.at(-1)!)) tokens.pop();
  return tokens.length ? { start: tokens[0]!.start, end: tokens.at(-1)!.end } : undefined;
}

/**
 * "Which air defence system…?" is answered by "Barak-8 air defence systems": a name followed
 * by the question's own head noun takes it in.
 */
function withHeadNoun(sentence: string, span: Span, head: (w: string) => boolean): Span {
  let end = span.end;
  for (let m = /^\s+([\p{Ll}][\p{L}\-]*)/u.exec(sentence.slice(end)); m && head(m[1]!); m = /^\s+([\p{Ll}][\p{L}\-]*)/u.exec(sentence.slice(end))) {
    end += m[0].length;
  }
  return { start: span.start, end };
}

/**
 * A name next to the question's head noun is the answer in apposition: "politician Binyamin Ben
 * Eliezer", "SOCAR, the State Oil Company of…", named as an instance: "markets such as China", or
 * said to be one: "Iran was the second Muslim state to…".
 */
function inApposition(sentence: string, span: Span, head: (w: string) => boolean): boolean {
  // "markets such as China and India": Hearst's patterns name instances, which is what "which…?" asks for.
  if (/\b(?:such as|including|namely|e\.g\.,?|like)\s+$/i.test(sentence.slice(Math.max(0, span.start - 20), span.start))) return true;
  const before = /(?:^|\s)([\p{L}\-]+)\s+$/u.exec(sentence.slice(Math.max(0, span.start - 40), span.start))?.[1];
  const rest = sentence.slice(span.end);
  const saysHead = (re: RegExp) => words(re.exec(rest)?.[1] ?? "").some(head);
  return (before !== undefined && head(before)) || saysHead(APPOSITION_AFTER) || saysHead(PREDICATE_AFTER);
}

/** Up to three words, after an article or none: what a name is said to be. */
const SAID = String.raw`(?:(?:the|a|an)\s+)?((?:[\p{L}\-]+\s+){0,2}[\p{L}\-]+)`;
/** After the name, only a comma makes an apposition ("SOCAR, the State Oil Company"); "Ceyhan through the Israeli…" is not one. */
const APPOSITION_AFTER = new RegExp(String.raw`^\s*,\s*${SAID}`, "u");
/** A copula after the name says what it is: "Iran was the second Muslim state…". */
const PREDICATE_AFTER = new RegExp(String.raw`^\s+(?:is|was|are|were|became|remains|remained)\s+${SAID}`, "u");

/** Two spellings of one word: equal, or sharing a long prefix ("Israel"/"Israeli", "Azerbaijan"/"Azerbaijani"). */
function sameWord(a: string, b: string): boolean {
  return sameRoot(normalizeText(a), normalizeText(b).replace(/'s$/, ""), 5, 2);
}

/**
 * "212 sites": a bare number before a plural noun counts those things, which "how much did
 * richness drop?" does not ask for unless it names them.
 */
function countsOther(text: string, after: string, asked: (w: string) => boolean): boolean {
  if (!new RegExp(String.raw`^${DIGITS}${SCALE}?$`, "u").test(text)) return false;
  const noun = /^\s+(\p{Ll}[\p{L}\-]*s)\b/u.exec(after)?.[1];
  return noun !== undefined && !isStopword(noun) && !asked(noun);
}

/** Whether what an amount counts ("… barrels of crude oil", "… articles") is what the question turns on. */
function countsAsked(after: string, turnsOn: (w: string) => boolean): boolean {
  const phrase = /^\s+(?:of\s+)?((?:[\p{L}\-]+\s+){0,2}[\p{L}\-]+)/u.exec(after)?.[1] ?? "";
  // The noun phrase only: it ends before a function word or a verb's participle ("… of their bushes harvested").
  const counted = words(phrase);
  const end = counted.findIndex((w, i) => (i > 0 && isStopword(w)) || /(?:ed|ing)$/.test(w));
  return counted.slice(0, end < 0 ? undefined : end).some((w) => !isStopword(w) && turnsOn(w));
}

/** Character positions in the sentence where the question's words occur. */
function anchorsOf(sentence: string, asked: (w: string) => boolean): number[] {
  const anchors: number[] = [];
  for (const m of sentence.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’\-]*/gu)) {
    const w = words(m[0])[0];
    if (w && !isStopword(w) && asked(w)) anchors.push(m.index!);
  }
  return anchors;
}

function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && /[\s,.;:]/.test(text[start]!)) start++;
  while (end > start && /[\s,.;:]/.test(text[end - 1]!)) end--;
  return { start, end };
}
