/**
 * Plain-text papers as they come from a copy-paste: the first line is the title, blank lines
 * separate paragraphs, and a short line without closing punctuation is a section heading.
 */
import { splitBlocks } from "./blocks.js";
import type { ParsedPaper } from "./markdown.js";
import { buildSections, type OutlineItem } from "./outline.js";

const MAX_HEADING_LENGTH = 80;

export function isHeadingLike(line: string): boolean {
  return line.length <= MAX_HEADING_LENGTH && !line.includes("\n") && !/[.,;:!?"”)]$/.test(line) && /^[\p{Lu}\d]/u.test(line);
}

export function parsePlainText(text: string, fallbackTitle: string): ParsedPaper {
  const blocks = splitBlocks(text);
  const first = blocks[0];
  const hasTitle = first !== undefined && blocks.length > 1 && !first.text.includes("\n") && first.text.length <= 250;
  const items: OutlineItem[] = blocks
    .slice(hasTitle ? 1 : 0)
    .map((block) => (isHeadingLike(block.text) ? { kind: "heading", title: block.text } : { kind: "paragraph", block }));
  return {
    meta: { title: hasTitle ? first.text : fallbackTitle, authors: [], editorialHeadings: [] },
    sections: buildSections(items),
  };
}
