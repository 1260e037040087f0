/** The /paper reply: what each paper is, what it contains, and how to cite it. */
import { apaCitation, bibtexEntry, chicagoCitation, type FormattedCitation, type PaperMeta, type SectionInfo } from "../../engine-api.js";
import { bold, escapeText, fitMarkdown, italic, shorten, shortenEscaped } from "./markdown.js";
import { paginate } from "./paginate.js";
import type { Page } from "./types.js";

/**
 * Keep one paper within an embed's 4,096 characters whatever its metadata: a title or author list
 * read from a PDF can run to thousands of characters, and the title appears three times. The
 * lengths are of the Markdown shown, escapes included.
 */
const TITLE_LENGTH = 300;
const AUTHOR_LIST_LENGTH = 500;
const JOURNAL_LENGTH = 200;
const ISSUE_DETAILS_LENGTH = 100;
const DOI_LENGTH = 200;
const SECTION_LIST_LENGTH = 1500;
const CITATION_LENGTH = 500;
/** A longer BibTeX entry (dozens of authors) is left out rather than cut, which would make it unusable. */
const BIBTEX_LENGTH = 700;

function citationMarkdown(citation: FormattedCitation): string {
  return citation.map((s) => (s.italic ? italic(escapeText(s.text)) : escapeText(s.text))).join("");
}

/** The citation's first `max` characters, italics kept, ending in "…" where it was cut. */
function cutCitation(citation: FormattedCitation, max: number): FormattedCitation {
  if (citation.reduce((n, s) => n + s.text.length, 0) <= max) return citation;
  const cut: FormattedCitation = [];
  let room = max - 1;
  for (const s of citation) {
    if (room <= 0) break;
    cut.push({ ...s, text: s.text.slice(0, room) });
    room -= s.text.length;
  }
  return [...cut, { text: "…" }];
}

/** The citation as Markdown, cut to fit CITATION_LENGTH. */
const citationWithin = (citation: FormattedCitation) => fitMarkdown(CITATION_LENGTH, (n) => citationMarkdown(cutCitation(citation, n)));

function sourceLine(paper: PaperMeta): string | undefined {
  const issue = [paper.volume, paper.issue ? `(${paper.issue})` : ""].join("");
  const date = [paper.month, paper.year].filter((p) => p !== undefined).join(" ");
  const details = [issue, date, paper.pages ? `pp. ${paper.pages}` : ""].filter(Boolean).join(", ");
  const journal = paper.journal ? italic(shortenEscaped(paper.journal, JOURNAL_LENGTH)) : "";
  const parts = [journal, shortenEscaped(details, ISSUE_DETAILS_LENGTH)].filter(Boolean);
  return parts.length ? parts.join(", ") : undefined;
}

function sectionList(paper: PaperMeta, sections: readonly SectionInfo[]): string {
  const titles = sections
    .filter((s) => s.paperId === paper.id)
    .map((s) => (paper.editorialHeadings.includes(s.title) ? `[${s.title}]` : s.title));
  return shortenEscaped(titles.join(" · "), SECTION_LIST_LENGTH);
}

function paperDescription(paper: PaperMeta, sections: readonly SectionInfo[]): string {
  // The citations quote the title as shortened here, so that the rest of them still shows.
  const shown = { ...paper, title: shorten(paper.title, TITLE_LENGTH) };
  const lines = [bold(shortenEscaped(paper.title, TITLE_LENGTH))];
  if (paper.authors.length) lines.push(shortenEscaped(paper.authors.join(", "), AUTHOR_LIST_LENGTH));
  const source = sourceLine(paper);
  if (source) lines.push(source);
  if (paper.doi) lines.push(shortenEscaped(`DOI: ${paper.doi}`, DOI_LENGTH));
  if (paper.keywords?.length) lines.push(shortenEscaped(`Keywords: ${paper.keywords.join(", ")}`, DOI_LENGTH));
  lines.push("", `${bold("Sections:")} ${sectionList(paper, sections)}`);
  lines.push("", bold("Cite as (APA)"), citationWithin(apaCitation(shown)));
  lines.push("", bold("Cite as (Chicago)"), citationWithin(chicagoCitation(shown)));
  const bibtex = bibtexEntry(paper).replace(/`/g, "'");
  if (bibtex.length <= BIBTEX_LENGTH) lines.push("", bold("BibTeX"), `\`\`\`bibtex\n${bibtex}\n\`\`\``);
  return lines.join("\n");
}

export function paperPages(papers: readonly PaperMeta[], sections: readonly SectionInfo[]): Page[] {
  if (papers.length === 0) return [{ embeds: [{ description: "No papers are indexed yet." }], actions: [] }];
  return paginate(papers.map((p) => ({ description: paperDescription(p, sections) })));
}
