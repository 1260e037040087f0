/**
 * A card's one-line tag, cut from the sentence itself: never a word of our own, only a run of the
 * sentence's words, with "…" wherever something before or after it was left out.
 */
import type { Span } from "../ingest/sentences.js";
import { isStopword, words } from "../ingest/terms.js";
import { citeSpans } from "./cites.js";

export const ELLIPSIS = "…";
const MAX_WORDS = 22;
/** A shorter tag that ends at a comma reads better than one cut mid-phrase, down to this many words. */
const MIN_WORDS_AT_BREAK = 12;

/** Openers that tie a sentence to the one before and say nothing on their own: "However,", "In fact,", "As seen from this analysis,". */
const CONNECTIVE =
  /^(?:(?:In|On|As|For|Of|By|At)\b[^,]{0,80}|However|Thus|Therefore|Moreover|Indeed|Instead|Accordingly|Likewise|Additionally|Furthermore|Nevertheless|Nonetheless|(?:Most )?[Ii]mportantly|Yet|Still|Consequently|Hence|Foremost|Intriguingly|Interestingly|Similarly|Finally|Meanwhile|Clearly),\s+/;
/** The paper announcing its own view ("this study argues that"): the view itself makes the tag. */
const OWN_VOICE = /^(?:(?:While|Although)\s+)?(?:this|the present|the results of this) (?:present )?(?:study|paper|article)\b[^,.;]{0,60}?\bthat[:,]?\s+/i;
const SUBORDINATOR = /^(?:Although|Though|Even though|While|Whilst|Whereas|Despite|In spite of)\s+/;

/** A phrase a tag may start at has at least this many words. */
const MIN_PHRASE_WORDS = 4;

/**
 * The tag for a verdict on `clause`: the clause without openers or a closing reference, cut to
 * a headline's length. When that would lose `keep` (the words that decided the side), the tag
 * starts at the phrase holding them instead, and is never cut before them.
 */
export function tagOf(sentence: string, clause: Span, keep?: Span): string {
  let start = skipOpeners(sentence, clause.start, keep?.start ?? clause.end);
  const end = withoutTail(sentence, start, clause.end);
  let cut = headlineEnd(sentence, start, end);
  if (keep && keep.end > cut) {
    start = skipOpeners(sentence, phraseStart(sentence, start, keep, end), keep.start);
    cut = Math.min(end, Math.max(headlineEnd(sentence, start, end), keep.end));
  }
  const text = sentence.slice(start, cut).replace(/[\s,;:]+$/, "");
  return `${start > 0 ? ELLIPSIS : ""}${text}${cut < lastWordEnd(sentence) ? ELLIPSIS : ""}`;
}

function skipOpeners(sentence: string, start: number, limit: number): number {
  for (const opener of [CONNECTIVE, OWN_VOICE, SUBORDINATOR, /^[‘“'"]/]) {
    const m = opener.exec(sentence.slice(start, limit));
    if (m && start + m[0].length < limit) start += m[0].length;
  }
  return start;
}

/**
 * After the last comma, semicolon or colon before `keep` whose phrase (up to the next such mark
 * after `keep`) has some words: ", Iran." alone is too short to stand as a tag.
 */
function phraseStart(sentence: string, from: number, keep: Span, to: number): number {
  const breaks = [...sentence.slice(from, keep.start).matchAll(/[,;:]\s*/g)].map((m) => from + m.index + m[0].length);
  const next = sentence.slice(keep.end, to).search(/[,;:]/);
  const phraseEnd = next < 0 ? to : keep.end + next;
  return breaks.reverse().find((b) => wordCount(sentence.slice(b, phraseEnd)) >= MIN_PHRASE_WORDS) ?? from;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Drops closing punctuation and a reference group at the end ("… in Azerbaijan (Lipshiz)."). */
function withoutTail(sentence: string, start: number, end: number): number {
  const cite = citeSpans(sentence).find((c) => c.start > start && /^[\s.?!;:,]*$/.test(sentence.slice(c.end, end)));
  if (cite) end = cite.start;
  while (end > start && /[\s.?!;:,]/.test(sentence[end - 1]!)) end--;
  return end;
}

/** Where the sentence's last word ends, so a tag reaching it needs no closing "…". */
function lastWordEnd(sentence: string): number {
  let end = sentence.length;
  while (end > 0 && /[\s.?!;:,’'”")]/.test(sentence[end - 1]!)) end--;
  return end;
}

/**
 * The end of a headline-length run from `start`: the whole run when short; else at its last comma
 * past MIN_WORDS_AT_BREAK words and outside parentheses; else at the word limit, less any small
 * words left dangling ("… between the").
 */
function headlineEnd(sentence: string, start: number, end: number): number {
  const ws = [...sentence.slice(start, end).matchAll(/\S+/g)].map((m) => ({ text: m[0], end: start + m.index + m[0].length }));
  if (ws.length <= MAX_WORDS) return end;
  const outsideParentheses = (w: { end: number }) => sentence.slice(start, w.end).split("(").length === sentence.slice(start, w.end).split(")").length;
  const run = ws.slice(0, MAX_WORDS);
  const commas = run.filter((w, i) => i + 1 >= MIN_WORDS_AT_BREAK && /[,;:]$/.test(w.text) && outsideParentheses(w));
  if (commas.length) return commas.at(-1)!.end;
  while (run.length > MIN_WORDS_AT_BREAK && isStopword(words(run.at(-1)!.text)[0] ?? "")) run.pop();
  return run.at(-1)!.end;
}
