/** How a citation reads in a reply: authors and year, paper, section, paragraph (and page, where the source has pages). */
import type { Citation } from "../ingest/types.js";
import { parseName } from "./cite-format.js";

/** A title up to its first question mark or colon: "Focused on Iran?" reads better in a reply than the whole title. */
export function shortTitle(title: string): string {
  const m = /^(.{12,80}?[?:])\s/.exec(title);
  return m ? m[1]!.replace(/:$/, "") : title;
}

/** "Binfield (2014)", "Heller and The (2014)", "Souleimanov et al. (2014)"; the year alone, or nothing, when that is all that is known. */
export function authorYear(c: Pick<Citation, "authors" | "year">): string {
  const families = (c.authors ?? []).map((a) => parseName(a).family);
  const who = families.length === 0 ? "" : families.length === 1 ? families[0]! : families.length === 2 ? `${families[0]} and ${families[1]}` : `${families[0]} et al.`;
  const year = c.year !== undefined ? `(${c.year})` : "";
  return [who, year].filter(Boolean).join(" ");
}

export function citationLabel(c: Citation): string {
  // Square brackets, as for any editorial insertion: the source itself has no such heading.
  const section = c.editorialSection ? `[${c.section}]` : c.section;
  const where = c.epigraph ? ["epigraph"] : c.note !== undefined ? [`note ${c.note}`] : [`§ ${section}`, `¶ ${c.paragraph}`];
  const byline = authorYear(c);
  return [
    `${byline ? `${byline}, ` : ""}“${shortTitle(c.paper)}”`,
    ...where,
    ...(c.page !== undefined ? [`p. ${c.page}`] : []),
    ...(c.ocr ? ["OCR"] : []),
  ].join(", ");
}
