/** How a citation reads in a reply: paper, section, paragraph (and page, where the source has pages). */
import type { Citation } from "../ingest/types.js";

/** A title up to its first question mark or colon: "Focused on Iran?" reads better in a reply than the whole title. */
export function shortTitle(title: string): string {
  const m = /^(.{12,80}?[?:])\s/.exec(title);
  return m ? m[1]!.replace(/:$/, "") : title;
}

export function citationLabel(c: Citation): string {
  return [`“${shortTitle(c.paper)}”`, `§ ${c.section}`, `¶ ${c.paragraph}`, ...(c.page !== undefined ? [`p. ${c.page}`] : [])].join(", ");
}
