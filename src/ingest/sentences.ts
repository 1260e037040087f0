/** Sentence spans with exact offsets, from Intl.Segmenter, repaired where abbreviations fool it. */

export interface Span {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/*
 * ICU breaks after any period followed by a capital, so "the U.S. Congress" or "e.g. Iran" would
 * split. A segment that ends in an abbreviation is joined to the next one instead.
 */
const ABBREVIATION_AT_END = /(?:\b(?:[A-Za-z]\.){2,}|\b(?:e\.g|i\.e|cf|vs|etc|al|approx|Dr|Mr|Mrs|Ms|Prof|St|No|Nos|Vol|pp|p|ed|eds|Fig|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)["'”’)\]]*\s*$/;

/** Sentences of `text[start, end)` as absolute offsets, trimmed of surrounding whitespace. */
export function splitSentences(text: string, start = 0, end = text.length): Span[] {
  const spans: Span[] = [];
  let pending: Span | undefined;
  for (const seg of segmenter.segment(text.slice(start, end))) {
    const span = trim(text, start + seg.index, start + seg.index + seg.segment.length);
    if (span.end <= span.start) continue;
    pending = pending ? { start: pending.start, end: span.end } : span;
    if (!ABBREVIATION_AT_END.test(text.slice(pending.start, pending.end))) {
      spans.push(pending);
      pending = undefined;
    }
  }
  if (pending) spans.push(pending);
  return spans;
}

function trim(text: string, start: number, end: number): Span {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { start, end };
}
