/**
 * PDF papers. A PDF holds positioned glyphs, not text, so the source that quotes map back to is
 * the text extracted from it and cleaned up (reading order, hyphenation repaired, running headers,
 * footers and page numbers dropped; see ingest/pdf-layout.ts). Pages are kept per paragraph. A page
 * without a text layer (a scan) is read by OCR where the machine has it, and marked as such.
 *
 * Metadata comes from, in order of preference: a sidecar `<name>.pdf.yaml` beside the PDF (the
 * same keys as Markdown front matter), the PDF's info dictionary, and the first page's title.
 */
import { splitBlocks } from "../blocks.js";
import { metaFrom } from "../metadata.js";
import { findOcr, OCR_HINT } from "../ocr.js";
import type { ParsedPaper, RawBlock } from "../assemble.js";
import { layoutPdf } from "../pdf-layout.js";
import { readPdf } from "../pdf-read.js";
import { joinedLines } from "./text.js";
import type { BinaryFormat, FormatInput } from "./format.js";

export async function parsePdf({ bytes, fallbackTitle, sidecar, limits, warn }: FormatInput): Promise<ParsedPaper> {
  if (!Buffer.from(bytes.subarray(0, 1024)).toString("latin1").includes("%PDF-")) throw new Error("it is not a PDF (it lacks the %PDF header).");
  const { info, pages, numPages, scans } = await readPdf(bytes, limits.maxPdfPages);
  if (numPages > limits.maxPdfPages) warn(`read only the first ${limits.maxPdfPages} of its ${numPages} pages (the limit is MAX_PDF_PAGES=${limits.maxPdfPages}).`);
  const layout = layoutPdf(pages);
  const ocr = await ocrBlocks(scans, layout.text.length);
  const blocks = [...layout.blocks, ...ocr.blocks];
  for (const problem of ocr.problems) warn(problem);
  if (blocks.length === 0) throw new Error(ocr.missing ? `it has no text layer (a scan), and no OCR is installed; ${OCR_HINT}.` : "it has no text to extract.");
  if (ocr.missing) warn(`${ocr.missing} page(s) have no text layer (scans) and were skipped; ${OCR_HINT}.`);
  const data = { ...fromInfo(info), ...sidecar };
  // A sidecar's `author` must win over the info dictionary's authors, not sit beside them.
  if ("author" in sidecar) delete data.authors;
  return { meta: metaFrom(data, layout.title ?? fallbackTitle), blocks, source: layout.text + ocr.source };
}

/** Scanned pages read by OCR, placed after the extracted text (at `offset` onwards of the PDF's source). */
async function ocrBlocks(scans: Awaited<ReturnType<typeof readPdf>>["scans"], offset: number): Promise<{ blocks: RawBlock[]; source: string; missing: number; problems: string[] }> {
  const images = [...scans].filter(([, image]) => image !== undefined);
  const engine = images.length ? await findOcr() : undefined;
  if (!engine) return { blocks: [], source: "", missing: images.length, problems: [] };
  const problems: string[] = [];
  const blocks: RawBlock[] = [];
  // The OCR text of each page follows the extracted text, a blank line before each page.
  let at = offset;
  let source = "";
  for (const [page, image] of images) {
    const text = await engine.read(image!).catch((err: Error) => {
      problems.push(`OCR (${engine.name}) could not read page ${page}: ${err.message}`);
      return "";
    });
    at += 2;
    source += `\n\n${text}`;
    for (const b of splitBlocks(text)) {
      const pieces = joinedLines(text, b.start, b.end).map((p) => ({ ...p, source: p.source + at }));
      blocks.push({ kind: "paragraph", pieces, page, ocr: true });
    }
    at += text.length;
  }
  return { blocks, source, missing: 0, problems };
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

export const pdf: BinaryFormat = {
  name: "pdf",
  extensions: [".pdf"],
  kind: "binary",
  sidecar: true,
  sniff: (head) => head.includes("%PDF-"),
  parse: parsePdf,
};
