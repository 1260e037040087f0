/** Markdown papers: YAML front matter for metadata, `#` for the title, `##`+ for sections. */
import matter from "gray-matter";
import { splitBlocks } from "./blocks.js";
import { buildSections, type OutlineItem } from "./outline.js";
import type { PaperMeta, Section } from "./types.js";

export interface ParsedPaper {
  meta: Omit<PaperMeta, "id">;
  sections: Section[];
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*$/;

export function parseMarkdown(text: string, fallbackTitle: string): ParsedPaper {
  const fm = matter(text);
  // gray-matter hands back the body without the front matter; its offset keeps passages exact.
  const bodyStart = text.length - fm.content.length;
  if (text.slice(bodyStart) !== fm.content) throw new Error("front matter could not be separated from the body");
  let title: string | undefined;
  const items: OutlineItem[] = [];
  for (const block of splitBlocks(text, bodyStart)) {
    // A heading may sit directly on top of its first paragraph, with no blank line between.
    const firstLine = block.text.split("\n", 1)[0]!;
    const heading = HEADING.exec(firstLine);
    if (!heading) {
      items.push({ kind: "paragraph", block });
      continue;
    }
    if (heading[1] === "#" && title === undefined) title = heading[2]!;
    else items.push({ kind: "heading", title: heading[2]! });
    const rest = splitBlocks(text.slice(0, block.end), block.start + firstLine.length)[0];
    if (rest) items.push({ kind: "paragraph", block: rest });
  }
  return { meta: metaFrom(fm.data, title ?? fallbackTitle), sections: buildSections(items) };
}

/** Front matter is user-written YAML: take what has the right shape and ignore the rest. */
export function metaFrom(data: Record<string, unknown>, fallbackTitle: string): Omit<PaperMeta, "id"> {
  const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v).trim() || undefined : undefined);
  const list = (v: unknown) =>
    Array.isArray(v) ? v.map(str).filter((s): s is string => !!s) : (str(v)?.split(/\s*(?:;|,| and )\s*/) ?? []);
  const year = Number(str(data.year));
  const meta: Omit<PaperMeta, "id"> = {
    title: str(data.title) ?? fallbackTitle,
    authors: list(data.authors ?? data.author),
    editorialHeadings: list(data.editorial_headings),
  };
  for (const key of ["journal", "volume", "issue", "month", "pages", "doi"] as const) {
    const value = str(data[key]);
    if (value) meta[key] = value;
  }
  if (Number.isInteger(year)) meta.year = year;
  return meta;
}
