/**
 * How far a quote reaches around its sentence, so that it states a whole thought: the sentence
 * before when this one leans on it, the list a sentence introduces, and for a why question the
 * sentence after when that one leans back on it.
 */
import { splitSentences, type Span } from "../ingest/sentences.js";
import type { SourceDocument } from "../ingest/types.js";

/**
 * A sentence that opens with a pronoun or demonstrative ("This", "Such", "It"…), or soon speaks of
 * "this project", "the latter", leans on the one before ("this paper" is the text itself, no earlier sentence).
 */
const LEANS_BACK = /^(?:This|That|These|Those|It|They|Such|He|She|Its|Their)\b|^(?:\S+\s+){0,5}(?:the above|the latter|the former|these|those|this (?!(?:paper|article|study|chapter|essay|book|report)\b))\b/;

export function leansBack(sentence: string): boolean {
  return LEANS_BACK.test(sentence);
}
/** At most this many items of a list are quoted with the sentence that introduces it. */
const MAX_LIST_ITEMS = 6;

/** The span quoted for the sentence `s` of `doc`; `explains` for a question that asks why or how. */
export function quoteSpan(doc: SourceDocument, s: Span & { text: string }, explains: boolean): Span {
  const leans = leansBack(s.text);
  // A sentence that introduces a list ("The archetypal features of a MegaJournal seem to be:") is finished by the list.
  const list = /:\s*$/.test(s.text) ? listAfter(doc, s.end) : undefined;
  if (!leans && !explains && list === undefined) return { start: s.start, end: s.end };
  const neighbours = paragraphSentences(doc, s.start);
  const i = neighbours.findIndex((x) => x.start === s.start);
  const previous = i > 0 ? neighbours[i - 1] : undefined;
  const next = i >= 0 ? neighbours[i + 1] : undefined;
  const start = previous && leans ? previous.start : s.start;
  // A "why" question is often answered by the sentence after, when it leans back on this one ("This assumption is based on…").
  const end = list ?? (explains && next && leansBack(doc.text.slice(next.start, next.end)) ? next.end : s.end);
  return { start, end };
}

/** The sentences of the paragraph that holds `offset`. */
export function paragraphSentences(doc: SourceDocument, offset: number): Span[] {
  const paragraph = doc.sections.flatMap((x) => x.paragraphs).find((p) => p.start <= offset && offset < p.end);
  return paragraph ? splitSentences(doc.text, paragraph.start, paragraph.end) : [];
}

/** The end of the list items that follow `offset` directly, if any. */
function listAfter(doc: SourceDocument, offset: number): number | undefined {
  const blocks = doc.sections.flatMap((x) => x.paragraphs);
  const first = blocks.findIndex((p) => p.start >= offset);
  let end: number | undefined;
  for (let i = first; i >= 0 && i < blocks.length && i < first + MAX_LIST_ITEMS && blocks[i]!.kind === "list item"; i++) end = blocks[i]!.end;
  return end;
}
