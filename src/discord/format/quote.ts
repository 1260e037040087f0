/** A verbatim quote as embeds: a block quote with the short answer in bold, the citation in the footer. */
import { citationText } from "./citation.js";
import { LIMITS } from "./limits.js";
import { blockQuote, bold, escapeText, italic, shorten } from "./markdown.js";
import { splitToFit } from "./split.js";
import type { EmbedSpec } from "./types.js";
import { listCites, referenceLines, type Cite, type Citation } from "../../engine-api.js";

export interface QuoteSource {
  text: string;
  citation: Citation;
  /** Offsets into `text` of the part to mark in bold. */
  highlight?: { start: number; end: number };
  /** The paper's own references in this text, each with its entry in the paper's reference list where it has one. */
  cites?: readonly Cite[];
  /** Markdown shown as the title of the first embed, e.g. a debate card's tag; at most LIMITS.embedTitle. */
  title?: string;
}

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);

/** `text[start, end)` as a block quote, whitespace at either end dropped, the highlight (where it overlaps) in bold. */
export function renderQuote(text: string, start: number, end: number, highlight?: QuoteSource["highlight"]): string {
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  let markdown = escapeText(text.slice(start, end));
  if (highlight) {
    let a = Math.max(highlight.start, start);
    let b = Math.min(highlight.end, end);
    while (a < b && isSpace(text[a])) a++;
    while (b > a && isSpace(text[b - 1])) b--;
    if (a < b) {
      markdown =
        escapeText(text.slice(start, a)) + bold(escapeText(text.slice(a, b))) + escapeText(text.slice(b, end));
    }
  }
  return blockQuote(markdown);
}

/** A reference entry longer than this is cut: a quote's embed has room for a few of them. */
const REFERENCE_LINE = 300;

/** Room for " (12/12)" after a split quote's citation. */
const PART_SUFFIX_ROOM = 8;

/** One embed, or several when the quote is too long for one: split between sentences, never dropped. */
export function quoteEmbeds(source: QuoteSource): EmbedSpec[] {
  const footer = citationText(source.citation);
  const cites = source.cites ?? [];
  const references = referenceLines(cites).map((line) => `\n-# ${escapeText(shorten(line, REFERENCE_LINE))}`).join("");
  const note = cites.length ? `\n${italic(escapeText(`The paper cites ${listCites(cites)} here.`))}${references}` : "";
  const title = source.title ?? "";
  const budget =
    Math.min(LIMITS.embedDescription, LIMITS.embedTotal - title.length - footer.length - PART_SUFFIX_ROOM) - note.length;
  const { text, highlight } = source;
  const parts = splitToFit(text, budget, (s, e) => renderQuote(text, s, e, highlight).length);
  return parts.map((part, i) => ({
    ...(i === 0 && title ? { title } : {}),
    description: renderQuote(text, part.start, part.end, highlight) + (i === parts.length - 1 ? note : ""),
    footer: parts.length > 1 ? `${footer} (${i + 1}/${parts.length})` : footer,
  }));
}
