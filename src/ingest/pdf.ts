/**
 * PDF papers. A PDF holds positioned glyphs, not text, so the "source" that quotes are verified
 * against is the text extracted from it and cleaned up (reading order, hyphenation repaired,
 * running headers, footers and page numbers dropped): `SourceDocument.text` for a PDF is that
 * text, and every quote is an exact slice of it. Pages come from the PDF and are kept per paragraph.
 *
 * Metadata comes from, in order of preference: a sidecar `<name>.pdf.yaml` beside the PDF (the
 * same keys as Markdown front matter), the PDF's info dictionary, and the first page's title.
 */
import matter from "gray-matter";
import { metaFrom, type ParsedPaper } from "./markdown.js";
import { buildSections } from "./outline.js";
import { layoutPdf } from "./pdf-layout.js";
import { readPdf } from "./pdf-read.js";

export interface ParsedPdf extends ParsedPaper {
  text: string;
}

export async function parsePdf(bytes: Uint8Array, fallbackTitle: string, sidecar: Record<string, unknown> = {}): Promise<ParsedPdf> {
  if (!Buffer.from(bytes.subarray(0, 1024)).toString("latin1").includes("%PDF-")) throw new Error("it is not a PDF (it lacks the %PDF header).");
  const { info, pages } = await readPdf(bytes);
  const { text, title, items } = layoutPdf(pages);
  if (text === "") throw new Error("it has no text to extract (a scanned PDF needs OCR first).");
  const data = { ...fromInfo(info), ...sidecar };
  // A sidecar's `author` must win over the info dictionary's authors, not sit beside them.
  if ("author" in sidecar) delete data.authors;
  return { text, meta: metaFrom(data, title ?? fallbackTitle), sections: buildSections(items) };
}

/** The sidecar's YAML, read the way front matter is. Throws on YAML that does not parse or is not a mapping. */
export function parseSidecar(yaml: string): Record<string, unknown> {
  const data: unknown = matter(`---\n${yaml}\n---\n`).data;
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw new Error("it should hold keys such as title: and authors:");
  return data as Record<string, unknown>;
}

function fromInfo(info: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const title = typeof info.Title === "string" ? info.Title.trim() : "";
  if (title && !isPlaceholderTitle(title)) data.title = title;
  if (typeof info.Author === "string" && info.Author.trim()) data.authors = info.Author;
  // The creation date is the best the dictionary offers for the year; a sidecar can correct it.
  const year = typeof info.CreationDate === "string" ? /^(?:D:)?(\d{4})/.exec(info.CreationDate)?.[1] : undefined;
  if (year) data.year = year;
  return data;
}

/** Word processors fill the Title with the file name or a template's placeholder. */
function isPlaceholderTitle(title: string): boolean {
  return /^(untitled|microsoft word\b|title$)|\.(docx?|pdf|tex|dvi|rtf|odt)$/i.test(title);
}
