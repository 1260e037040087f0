/**
 * Cuts long text into pieces that each fit a limit once rendered. Cuts fall between sentences;
 * between words only when one sentence alone is too long, and inside a word only when one word is.
 * Pieces are contiguous and cover the text, so together they are the text verbatim.
 */
import { sentenceSegments } from "./sentences.js";

export interface Span {
  start: number;
  end: number;
}

/** Rendered length of `text.slice(start, end)`; must grow (or stay) as `end` grows. */
export type Measure = (start: number, end: number) => number;

function sentenceEnds(text: string): number[] {
  return sentenceSegments(text).map((s) => s.index + s.segment.length);
}

function wordEnds(text: string): number[] {
  const ends = Array.from(text.matchAll(/\s+/g), (m) => m.index + m[0].length);
  return [...ends, text.length];
}

function codePointEnds(text: string): number[] {
  const ends: number[] = [];
  let i = 0;
  for (const ch of text) ends.push((i += ch.length));
  return ends;
}

/** The farthest candidate end after `start` whose piece still fits, if any; a binary search, as `fits` is monotone. */
function farthest(start: number, ends: number[], fits: (start: number, end: number) => boolean): number | undefined {
  let lo = ends.findIndex((end) => end > start);
  if (lo < 0) return undefined;
  let hi = ends.length - 1;
  let best: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (fits(start, ends[mid]!)) {
      best = ends[mid];
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

export function splitToFit(text: string, limit: number, measure: Measure = (s, e) => e - s): Span[] {
  const fits = (s: number, e: number) => measure(s, e) <= limit;
  const levels = [sentenceEnds(text), wordEnds(text)];
  const spans: Span[] = [];
  let start = 0;
  while (start < text.length) {
    let end: number | undefined;
    for (const ends of levels) {
      end = farthest(start, ends, fits);
      if (end !== undefined) break;
    }
    end ??= farthest(start, codePointEnds(text), fits);
    if (end === undefined) throw new RangeError(`a limit of ${limit} cannot hold a single character`);
    spans.push({ start, end });
    start = end;
  }
  return spans;
}
