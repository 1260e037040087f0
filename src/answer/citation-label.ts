/** How a citation reads in a reply: paper, section, paragraph (and page, where the source has pages). */
import type { Citation } from "../ingest/types.js";

/** A title up to its first question mark or colon: "Focused on Iran?" reads better in a reply than the whole title. */
export function shortTitle(title: string): string {
  const m = /^(.{12,80}?[?:])\s/.exec(title);
  return m ? m[1]!.replace(/:$/, "") : title;
}

export function citationLabel(c: Citation): string {
  // Square brackets, as for any editorial insertion: the source itself has no such heading.
  const section = c.editorialSection ? `[${c.section}]` : c.section;
  return [`“${shortTitle(c.paper)}”`, `§ ${section}`, `¶ ${c.paragraph}`, ...(c.page !== undefined ? [`p. ${c.page}`] : [])].join(", ");
}
