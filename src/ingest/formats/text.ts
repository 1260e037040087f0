/**
 * Plain-text papers as they come from a copy-paste: the first line is the title, blank lines
 * separate paragraphs (hard-wrapped lines within one are joined), and a short line without
 * closing punctuation is a section heading.
 */
import { splitBlocks } from "../blocks.js";
import type { ParsedPaper, RawBlock } from "../assemble.js";
import type { Piece } from "../source-map.js";
import type { TextFormat } from "./format.js";
import { TABLE_ROW } from "./markdown.js";

const MAX_HEADING_LENGTH = 80;

export function isHeadingLike(line: string): boolean {
  return line.length <= MAX_HEADING_LENGTH && !line.includes("\n") && !/[.,;:!?"”)]$/.test(line) && /^[\p{Lu}\d]/u.test(line);
}

/** A block's lines as one run of words: each line break (and the indentation after it) read as a space. */
export function joinedLines(text: string, start: number, end: number): Piece[] {
  const pieces: Piece[] = [];
  const line = /[^\n]*(?:\n|$)/g;
  line.lastIndex = start;
  for (let m = line.exec(text); m && m.index < end && m[0].length > 0; m = line.exec(text)) {
    const content = m[0].replace(/\r?\n$/, "");
    const lead = content.length - content.trimStart().length;
    const trimmed = content.trim();
    if (!trimmed) continue;
    if (pieces.length) pieces.push({ text: " ", source: m.index - 1 });
    pieces.push({ text: trimmed, source: m.index + lead });
  }
  return pieces;
}

const PERSON = String.raw`[\p{Lu}][\p{L}'’.\-]*(?:\s+(?:van|von|de|der|den|da|di|le|la)?\s*[\p{Lu}][\p{L}'’.\-]*){1,3}`;
const NAMES = new RegExp(String.raw`^(?:by\s+)?(${PERSON}(?:\s*(?:,|;|&|\band\b)\s*(?:and\s+)?${PERSON}){0,11})$`, "iu");

/**
 * The line under the title, when it is a byline: "Emil Souleimanov, Maya Ehrmann. Journal…, 2014"
 * or "by Ada Okafor". One name alone counts only with "by" or a year beside it, so a two-word
 * heading ("Literature Review") is not taken for an author.
 */
export function bylineOf(line: string): { authors: string[]; year?: number } | undefined {
  if (line.includes("\n") || line.length > 300) return undefined;
  const [names = "", ...rest] = line.split(/(?<=\p{Ll}{2}|\p{Lu}{2})\.\s+/u);
  const m = NAMES.exec(names.trim().replace(/\.$/, ""));
  if (!m) return undefined;
  const authors = m[1]!.split(/\s*(?:,|;|&|\band\b)\s*/i).map((a) => a.trim()).filter(Boolean);
  const year = [...rest.join(" ").matchAll(/\b(1[5-9]\d\d|20\d\d)\b/g)].at(-1)?.[1];
  if (authors.length < 2 && !/^by\s/i.test(line) && !year) return undefined;
  return { authors, ...(year ? { year: Number(year) } : {}) };
}

export function parsePlainText(text: string, fallbackTitle: string): ParsedPaper {
  const blocks = splitBlocks(text);
  const first = blocks[0];
  const hasTitle = first !== undefined && blocks.length > 1 && !first.text.includes("\n") && first.text.length <= 250;
  const byline = hasTitle && blocks[1] ? bylineOf(blocks[1].text) : undefined;
  const raw: RawBlock[] = blocks.slice(hasTitle ? (byline ? 2 : 1) : 0).map((block) => ({
    kind: TABLE_ROW.test(block.text) ? "table" : isHeadingLike(block.text) ? "heading" : "paragraph",
    depth: 2,
    pieces: joinedLines(text, block.start, block.end),
  }));
  return {
    meta: { title: hasTitle ? first.text : fallbackTitle, authors: byline?.authors ?? [], ...(byline?.year ? { year: byline.year } : {}), editorialHeadings: [] },
    blocks: raw,
  };
}

export const text: TextFormat = {
  name: "text",
  extensions: [".txt", ".text"],
  kind: "text",
  parse: ({ text, fallbackTitle }) => parsePlainText(text, fallbackTitle),
};
