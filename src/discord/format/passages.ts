/** Retrieved passages: a compact numbered list with a button each, and one passage in full. */
import { citationText } from "./citation.js";
import { bold, escapeText, shorten } from "./markdown.js";
import { paginate } from "./paginate.js";
import { quoteEmbeds } from "./quote.js";
import { sentenceSegments } from "./sentences.js";
import type { Page } from "./types.js";
import type { ScoredPassage } from "../../engine-api.js";

export const PASSAGES_PER_PAGE = 5;
const PREVIEW_LENGTH = 200;

/** The opening sentence when it is short enough, else its first words; marked "…" when text remains. */
export function preview(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= PREVIEW_LENGTH) return flat;
  const first = sentenceSegments(flat)[0]?.segment.trim() ?? "";
  if (first.length < PREVIEW_LENGTH) return `${first} …`;
  return shorten(flat, PREVIEW_LENGTH);
}

/** Pages of PASSAGES_PER_PAGE entries, numbered across pages, each entry with a "Show n" button. */
export function passageListPages(passages: readonly ScoredPassage[], heading: string): Page[] {
  if (passages.length === 0) return [{ embeds: [{ description: `${heading}\n\nNo passages matched.` }], actions: [] }];
  const pages: Page[] = [];
  for (let i = 0; i < passages.length; i += PASSAGES_PER_PAGE) {
    const chunk = passages.slice(i, i + PASSAGES_PER_PAGE);
    const entries = chunk.map((p, j) => `${bold(escapeText(`${i + j + 1}. ${citationText(p.citation)}`))}\n${escapeText(preview(p.text))}`);
    pages.push({
      embeds: [{ description: [heading, ...entries].join("\n\n") }],
      actions: chunk.map((p, j) => ({ kind: "passage", passageId: p.id, label: `Show ${i + j + 1}` })),
    });
  }
  return pages;
}

export function fullPassagePages(passage: ScoredPassage): Page[] {
  return paginate(quoteEmbeds({ text: passage.text, citation: passage.citation }));
}
