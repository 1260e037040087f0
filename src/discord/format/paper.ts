/** The /paper reply: what each paper is, what it contains, and how to cite it. */
import { apaCitation, chicagoCitation, type FormattedCitation, type PaperMeta, type SectionInfo } from "../../engine-api.js";
import { bold, escapeText, italic, shorten } from "./markdown.js";
import { paginate } from "./paginate.js";
import type { Page } from "./types.js";

/** Keep one paper within an embed even with hundreds of sections or authors. */
const SECTION_LIST_LENGTH = 1500;
const AUTHOR_LIST_LENGTH = 500;

export function citationMarkdown(citation: FormattedCitation): string {
  return citation.map((s) => (s.italic ? italic(escapeText(s.text)) : escapeText(s.text))).join("");
}

function sourceLine(paper: PaperMeta): string | undefined {
  const issue = [paper.volume, paper.issue ? `(${paper.issue})` : ""].join("");
  const date = [paper.month, paper.year].filter((p) => p !== undefined).join(" ");
  const parts = [issue, date, paper.pages ? `pp. ${paper.pages}` : ""].filter(Boolean).map(escapeText);
  if (paper.journal) parts.unshift(italic(escapeText(paper.journal)));
  return parts.length ? parts.join(", ") : undefined;
}

function sectionList(paper: PaperMeta, sections: readonly SectionInfo[]): string {
  const titles = sections
    .filter((s) => s.paperId === paper.id)
    .map((s) => (paper.editorialHeadings.includes(s.title) ? `[${s.title}]` : s.title));
  return escapeText(shorten(titles.join(" · "), SECTION_LIST_LENGTH));
}

function paperDescription(paper: PaperMeta, sections: readonly SectionInfo[]): string {
  const lines = [bold(escapeText(paper.title))];
  if (paper.authors.length) lines.push(escapeText(shorten(paper.authors.join(", "), AUTHOR_LIST_LENGTH)));
  const source = sourceLine(paper);
  if (source) lines.push(source);
  if (paper.doi) lines.push(escapeText(`DOI: ${paper.doi}`));
  lines.push("", `${bold("Sections:")} ${sectionList(paper, sections)}`);
  lines.push("", bold("Cite as (APA)"), citationMarkdown(apaCitation(paper)));
  lines.push("", bold("Cite as (Chicago)"), citationMarkdown(chicagoCitation(paper)));
  return lines.join("\n");
}

export function paperPages(papers: readonly PaperMeta[], sections: readonly SectionInfo[]): Page[] {
  if (papers.length === 0) return [{ embeds: [{ description: "No papers are indexed yet." }], actions: [] }];
  return paginate(papers.map((p) => ({ description: paperDescription(p, sections) })));
}
