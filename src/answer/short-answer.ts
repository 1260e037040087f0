/** The short answer (a year, amount, name or place) inside a quoted sentence, as offsets into it. */
import { isStopword, normalizeText, sameRoot, words } from "../ingest/terms.js";
import type { Span } from "../ingest/sentences.js";
import { citeSpans } from "./cites.js";
import type { AnswerKind } from "./question.js";

export type { Span };

const NUMBER_WORD = String.raw`\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundreds?|thousands?|millions|billions|dozens?)\b`;
const FRACTION = String.raw`\b(?:(?:one|two|three)-(?:half|third|quarter|fourth|fifth|sixth|tenth)s?|half|a third|a quarter)\b`;
const SCALE = String.raw`(?:\s+(?:thousand|million|billion|trillion))`;
const DIGITS = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;
const UNIT = String.raw`(?:\s+(?:cubic|square)\s+[a-z]+|\s+of\s+(?:its|their|the)\s+[a-z]+|\s+(?:per\s?cent|percent|km|kilometres|kilometers|miles|barrels|tonnes|tons|people|dollars|euros|years|months|days))?`;
/** "$4 billion", "2.55 trillion cubic metres", "15-20 million", "40%". */
const AMOUNT = new RegExp(String.raw`(?:US)?[$€£]?\s?${DIGITS}(?:\s?[-–]\s?${DIGITS})?${SCALE}?(?:\s?%)?${UNIT}`, "giu");
/** "seven billion barrels", "one-fifth of its territory": amounts in words, which count only with a scale or unit. */
const AMOUNT_IN_WORDS = new RegExp(String.raw`(?:${FRACTION}|${NUMBER_WORD}${SCALE}?)${UNIT}`, "giu");
const YEAR = /\b(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:\d{1,2},\s+)?)?(?:1[5-9]\d\d|20\d\d)(?:s|\s?[-–]\s?(?:1[5-9]\d\d|20\d\d))?\b/gu;
/** A run of capitalised words, allowing "of"/"the"/"and" inside: "Gaza Flotilla", "Christian Armenians", "Bank of Azerbaijan". */
const PROPER = /(?<![\p{L}\p{N}\-'’])\p{Lu}[\p{L}\p{N}'’\-]*(?:\s+(?:(?:of|the|and|for|de)\s+)?\p{Lu}[\p{L}\p{N}'’\-]*)*/gu;
const BARE_YEAR = /^(?:1[5-9]\d\d|20\d\d)$/;
/** Amounts in words lose to amounts in figures unless they are this much closer to the question's words. */
const WORDS_PENALTY = 40;
/** What is left of a name the question already says ("Israel Aerospace Industries Ltd" → "Ltd") is rarely the answer. */
const REMNANT_PENALTY = 60;
const APPOSITION_BONUS = 30;

interface Candidate extends Span {
  penalty: number;
}

/**
 * The best candidate of the asked-for kind: not made only of the question's own words, not one
 * of the paper's references, and nearest to where the question's words appear in the sentence.
 */
export function findShortAnswer(sentence: string, kind: AnswerKind, questionWords: string[], headWords: string[] = []): Span | undefined {
  if (kind === "other") return undefined;
  const asked = (w: string) => questionWords.some((q) => sameWord(q, w));
  const head = (w: string) => headWords.some((q) => sameWord(q, w));
  const cites = citeSpans(sentence);
  const anchors = anchorsOf(sentence, asked);
  let best: (Span & { cost: number }) | undefined;
  for (const c of candidates(sentence, kind, asked, head)) {
    if (cites.some((s) => c.start >= s.start && c.end <= s.end)) continue;
    const distance = anchors.length ? Math.min(...anchors.map((a) => Math.abs(a - c.start))) : c.start;
    const cost = distance + c.penalty;
    if (!best || cost < best.cost) best = { start: c.start, end: c.end, cost };
  }
  return best && { start: best.start, end: best.end };
}

function* candidates(sentence: string, kind: AnswerKind, asked: (w: string) => boolean, head: (w: string) => boolean): Generator<Candidate> {
  const matches = (re: RegExp, penalty: number) => [...sentence.matchAll(re)].map((m) => ({ ...trimSpan(sentence, m.index!, m.index! + m[0].length), penalty }));
  if (kind === "year") {
    for (const c of matches(YEAR, 0)) if (!asked(sentence.slice(c.start, c.end))) yield c;
  } else if (kind === "number") {
    for (const c of [...matches(AMOUNT, 0), ...matches(AMOUNT_IN_WORDS, WORDS_PENALTY)]) {
      const text = sentence.slice(c.start, c.end);
      if (!BARE_YEAR.test(text) && !asked(text) && (c.penalty === 0 || /\s|-/.test(text))) yield c;
    }
  } else {
    for (const c of matches(PROPER, 0)) {
      const span = withoutAskedEnds(sentence, c, asked);
      if (!span) continue;
      const remnant = span.start !== c.start || span.end !== c.end;
      const named = withHeadNoun(sentence, span, head);
      yield { start: named.start, end: named.end, penalty: (remnant ? REMNANT_PENALTY : 0) - (named.apposition ? APPOSITION_BONUS : 0) };
    }
  }
}

/** "Israel’s former Deputy Foreign Minister Pinkhaz Avivi" asked about the minister gives "Pinkhaz Avivi". */
function withoutAskedEnds(sentence: string, span: Span, asked: (w: string) => boolean): Span | undefined {
  const tokens = [...sentence.slice(span.start, span.end).matchAll(/\S+/g)].map((m) => ({ start: span.start + m.index!, end: span.start + m.index! + m[0].length }));
  const keep = (t: Span) => {
    const w = words(sentence.slice(t.start, t.end))[0];
    return w !== undefined && !asked(w) && !isStopword(w);
  };
  while (tokens.length && !keep(tokens[0]!)) tokens.shift();
  while (tokens.length && !keep(tokens.at(-1)!)) tokens.pop();
  return tokens.length ? { start: tokens[0]!.start, end: tokens.at(-1)!.end } : undefined;
}

/**
 * "Which air defence system…?" is answered by "Barak-8 air defence systems": a name followed
 * by the question's own head noun is the answer in apposition, so it is extended and preferred.
 */
function withHeadNoun(sentence: string, span: Span, head: (w: string) => boolean): Span & { apposition: boolean } {
  let end = span.end;
  for (let m = /^\s+([\p{Ll}][\p{L}\-]*)/u.exec(sentence.slice(end)); m && head(m[1]!); m = /^\s+([\p{Ll}][\p{L}\-]*)/u.exec(sentence.slice(end))) {
    end += m[0].length;
  }
  return { start: span.start, end, apposition: end !== span.end };
}

/** Two spellings of one word: equal, or sharing a long prefix ("Israel"/"Israeli", "Azerbaijan"/"Azerbaijani"). */
function sameWord(a: string, b: string): boolean {
  return sameRoot(normalizeText(a), normalizeText(b).replace(/'s$/, ""), 5, 2);
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
