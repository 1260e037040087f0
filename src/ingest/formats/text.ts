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
import { bylineOf } from "../byline.js";

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
