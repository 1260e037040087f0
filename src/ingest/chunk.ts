/** Passages: one per paragraph, or sentence-aligned windows with a sentence of overlap when a paragraph is long. */
import { splitSentences, type Span } from "./sentences.js";
import type { Citation, Paragraph, Passage, SourceDocument } from "./types.js";

export interface ChunkSettings {
  /** A paragraph up to this many characters stays one passage. */
  maxChars: number;
  /** Longer paragraphs are cut into windows of about this size... */
  targetChars: number;
  /** ...each repeating this many sentences from the previous window. */
  overlapSentences: number;
}

export const DEFAULT_CHUNKING: ChunkSettings = { maxChars: 900, targetChars: 600, overlapSentences: 1 };

export function chunkDocument(doc: SourceDocument, settings: ChunkSettings = DEFAULT_CHUNKING): Passage[] {
  const passages: Passage[] = [];
  for (const section of doc.sections) {
    for (const paragraph of section.paragraphs) {
      const citation = citationOf(doc, section.title, paragraph);
      const windows =
        paragraph.end - paragraph.start <= settings.maxChars
          ? [{ start: paragraph.start, end: paragraph.end }]
          : sentenceWindows(splitSentences(doc.text, paragraph.start, paragraph.end), settings);
      windows.forEach((w, part) =>
        passages.push({
          id: `${doc.meta.id}#${section.index + 1}.${paragraph.number}${windows.length > 1 ? `.${part + 1}` : ""}`,
          paperId: doc.meta.id,
          text: doc.text.slice(w.start, w.end),
          start: w.start,
          end: w.end,
          citation,
        }),
      );
    }
  }
  return passages;
}

/** Where a paragraph sits, as a reader would cite it, with whose words they are and when; a heading the editors supplied is marked as theirs. */
export function citationOf(doc: SourceDocument, section: string, paragraph: Paragraph): Citation {
  return {
    paper: doc.meta.title,
    paperId: doc.meta.id,
    ...(doc.meta.authors.length ? { authors: doc.meta.authors } : {}),
    ...(doc.meta.year !== undefined ? { year: doc.meta.year } : {}),
    section,
    ...(doc.meta.editorialHeadings.includes(section) ? { editorialSection: true } : {}),
    paragraph: paragraph.number,
    ...(paragraph.page !== undefined ? { page: paragraph.page } : {}),
    ...(paragraph.kind === "epigraph" ? { epigraph: true } : {}),
    ...(paragraph.note !== undefined ? { note: paragraph.note } : {}),
    ...(paragraph.ocr ? { ocr: true } : {}),
  };
}

export function sentenceWindows(sentences: Span[], settings: ChunkSettings): Span[] {
  const windows: Span[] = [];
  let first = 0;
  while (first < sentences.length) {
    let last = first;
    while (last + 1 < sentences.length && sentences[last + 1]!.end - sentences[first]!.start <= settings.targetChars) last++;
    windows.push({ start: sentences[first]!.start, end: sentences[last]!.end });
    if (last === sentences.length - 1) break;
    // Step back for overlap, but always move forward by at least one sentence.
    first = Math.max(first + 1, last + 1 - settings.overlapSentences);
  }
  return windows;
}
