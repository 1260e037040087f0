/** The /library replies: what was added, the papers a server reads, and its reading list for export. */
import { apaCitation, bibtexEntry, type PaperMeta } from "../../engine-api.js";
import type { LibraryPaper } from "../../db/library-db.js";
import { bold, escapeText, italic, shortenEscaped } from "./markdown.js";
import { paginate } from "./paginate.js";
import type { Page } from "./types.js";

const TITLE_LENGTH = 200;
const LINE_LENGTH = 400;
/** Papers per embed of /library list. */
const PER_EMBED = 10;

export interface AddedSummary {
  meta: PaperMeta;
  sections: string[];
  passages: number;
  warnings: string[];
}

export function addedText({ meta, sections, passages, warnings }: AddedSummary): string {
  const lines = [
    `Added ${bold(shortenEscaped(meta.title, TITLE_LENGTH))} to this server's library. Members can ask about it now.`,
    meta.authors.length ? `Authors: ${shortenEscaped(meta.authors.join(", "), LINE_LENGTH)}` : "Authors: none found (give them with the authors option).",
    `Year: ${meta.year ?? "none found"}`,
    `Sections (${sections.length}): ${shortenEscaped(sections.join(" · "), LINE_LENGTH)}`,
    `Passages: ${passages}`,
    ...warnings.slice(0, 3).map((w) => `Warning: ${shortenEscaped(w, LINE_LENGTH)}`),
  ];
  return lines.join("\n");
}

export const progressText = (name: string, fraction: number) => `Indexing ${italic(escapeText(name))}… ${Math.round(fraction * 100)} %`;

const when = (d: Date) => `<t:${Math.floor(d.getTime() / 1000)}:d>`;

/** The server's own papers first, then the host's shared ones; who added each only for moderators. */
export function libraryPages(own: readonly LibraryPaper[], shared: readonly PaperMeta[], showWho: boolean): Page[] {
  const ownLines = own.map((p) => {
    const by = showWho ? ` by <@${p.addedBy}>` : "";
    return `• ${shortenEscaped(p.title, TITLE_LENGTH)}: added${by} ${when(p.addedAt)}, ${p.passages} passages`;
  });
  const sharedLines = shared.map((p) => `• ${shortenEscaped(p.title, TITLE_LENGTH)}${p.year ? ` (${p.year})` : ""}`);
  const embeds = [
    ...chunks(ownLines.length ? ownLines : ["No papers yet: a moderator adds one with /library add."]).map((c, i) => ({
      ...(i === 0 ? { title: `This server's papers (${own.length})` } : {}),
      description: c.join("\n"),
    })),
    ...chunks(sharedLines.length ? sharedLines : ["None."]).map((c, i) => ({
      ...(i === 0 ? { title: `Shared papers, read in every server (${shared.length})` } : {}),
      description: c.join("\n"),
    })),
  ];
  return paginate(embeds);
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += PER_EMBED) out.push(items.slice(i, i + PER_EMBED));
  return out;
}

/** The library as BibTeX, one entry per paper. */
export function bibtexFile(papers: readonly PaperMeta[]): string {
  return `${papers.map(bibtexEntry).join("\n\n")}\n`;
}

/** The library as an APA reading list in Markdown, sorted as APA lists are: by first author, then year. */
export function readingList(papers: readonly PaperMeta[], serverName: string): string {
  const entries = papers
    .map((p) => apaCitation(p).map((s) => (s.italic ? `*${s.text}*` : s.text)).join(""))
    .sort((a, b) => a.localeCompare(b));
  return `# Reading list: ${serverName}\n\n${entries.map((e) => `- ${e}`).join("\n")}\n`;
}
