/** Turns classified blocks (headings and paragraphs) into a paper's sections with numbered paragraphs. */
import type { Block } from "./blocks.js";
import type { Section } from "./types.js";

export type OutlineItem = { kind: "heading"; title: string } | { kind: "paragraph"; block: Block; page?: number };

/** Paragraphs before the first heading belong to a section of this name. */
export const OPENING_SECTION = "Opening";

export function buildSections(items: OutlineItem[]): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  for (const item of items) {
    if (item.kind === "heading") {
      current = { title: item.title, index: sections.length, paragraphs: [] };
      sections.push(current);
      continue;
    }
    if (!current) {
      current = { title: OPENING_SECTION, index: sections.length, paragraphs: [] };
      sections.push(current);
    }
    current.paragraphs.push({
      section: current.title,
      number: current.paragraphs.length + 1,
      start: item.block.start,
      end: item.block.end,
      ...(item.page !== undefined ? { page: item.page } : {}),
    });
  }
  return sections.filter((s) => s.paragraphs.length > 0).map((s, index) => ({ ...s, index }));
}
