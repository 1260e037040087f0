/** The short answer (a year, amount, name or place) inside a quoted sentence, as offsets into it. */
import { isStopword, normalizeText, words } from "../ingest/terms.js";
import type { AnswerKind } from "./question.js";

export interface Span {
  start: number;
  end: number;
}

const NUMBER_WORD = "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|half|a third|a quarter|dozens?|hundreds|thousands|millions|billions)";
const FRACTION = "(?:(?:one|two|three)-(?:half|third|quarter|fourth|fifth|sixth|tenth)s?)";
const SCALE = "(?:\\s+(?:thousand|million|billion|trillion))";
const DIGITS = "(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?";
/** "$4 billion", "2.55 trillion cubic metres", "15-20 million", "40%", "seven billion barrels", "one-fifth of its territory". */
const AMOUNT = new RegExp(
  String.raw`(?:US)?[$€£]?\s?(?:${DIGITS}(?:\s?[-–]\s?${DIGITS})?|${FRACTION}|${NUMBER_WORD})${SCALE}?(?:\s?%|\s+per\s?cent)?` +
    String.raw`(?:\s+(?:cubic|square)\s+[a-z]+|\s+of\s+(?:its|their|the)\s+[a-z]+|\s+[a-z]+(?=[\s,.;)]))?`,
  "giu",
);
const YEAR = /\b(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:\d{1,2},\s+)?)?(?:1[5-9]\d\d|20\d\d)(?:s|\s?[-–]\s?(?:1[5-9]\d\d|20\d\d))?\b/gu;
/** A run of capitalised words, allowing "of"/"the"/"and" inside: "Gaza Flotilla", "Christian Armenians", "Bank of Azerbaijan". */
const PROPER = /\p{Lu}[\p{L}\p{N}'’\-]*(?:\s+(?:(?:of|the|and|for|de)\s+)?\p{Lu}[\p{L}\p{N}'’\-]*)*/gu;

/**
 * The best candidate of the asked-for kind: not made only of the question's own words, and
 * nearest to where the question's words appear in the sentence.
 */
export function findShortAnswer(sentence: string, kind: AnswerKind, questionWords: string[]): Span | undefined {
  const pattern = kind === "year" ? YEAR : kind === "number" ? AMOUNT : kind === "other" ? undefined : PROPER;
  if (!pattern) return undefined;
  const asked = new Set(questionWords);
  const anchors = anchorsOf(sentence, asked);
  let best: (Span & { distance: number }) | undefined;
  for (const m of sentence.matchAll(pattern)) {
    const span = trimSpan(sentence, m.index!, m.index! + m[0].length);
    const text = sentence.slice(span.start, span.end);
    if (!isCandidate(text, kind, asked)) continue;
    const distance = anchors.length ? Math.min(...anchors.map((a) => Math.abs(a - span.start))) : span.start;
    if (!best || distance < best.distance) best = { ...span, distance };
  }
  return best && { start: best.start, end: best.end };
}

function isCandidate(text: string, kind: AnswerKind, asked: Set<string>): boolean {
  const own = words(text);
  if (own.length === 0) return false;
  if (kind === "number") return /\d|[a-z]/i.test(text) && !asked.has(normalizeText(text));
  if (kind === "year") return !asked.has(normalizeText(text));
  // A name the question already says is not the answer; nor is a capitalised sentence opener like "However".
  return own.some((w) => !asked.has(w) && !isStopword(w)) && !(own.length === 1 && isStopword(own[0]!));
}

/** Character positions in the sentence where the question's words occur. */
function anchorsOf(sentence: string, asked: Set<string>): number[] {
  const anchors: number[] = [];
  for (const m of sentence.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’\-]*/gu)) {
    const w = words(m[0])[0];
    if (w && asked.has(w) && !isStopword(w)) anchors.push(m.index!);
  }
  return anchors;
}

function trimSpan(text: string, start: number, end: number): Span {
  while (start < end && /[\s,.;:]/.test(text[start]!)) start++;
  while (end > start && /[\s,.;:]/.test(text[end - 1]!)) end--;
  return { start, end };
}
