/** What ingest produces: papers, their blocks and sections, and passages that point back into the source. */

export interface PaperMeta {
  /** Stable id: the file's path under the corpus folder, e.g. "focused-on-iran.md". */
  id: string;
  title: string;
  authors: string[];
  journal?: string;
  volume?: string;
  issue?: string;
  year?: number;
  month?: string;
  pages?: string;
  doi?: string;
  keywords?: string[];
  /** Headings the editors added because the source lacked them: citations and `/paper` show them in brackets. */
  editorialHeadings: string[];
}

/** Where a quote comes from, as a reader would cite it. */
export interface Citation {
  /** The paper's title. */
  paper: string;
  paperId: string;
  /** The paper's authors and year, so that every citation says whose words these are and when. */
  authors?: string[];
  year?: number;
  section: string;
  /** The section's heading is not in the source: the editors supplied it (see PaperMeta.editorialHeadings). */
  editorialSection?: boolean;
  /** 1-based paragraph number within the section. */
  paragraph: number;
  /** Page in the original, where the source has pages (PDF). */
  page?: number;
  /** The quote is the paper's epigraph: it cites as "epigraph", not by section and paragraph. */
  epigraph?: boolean;
  /** The page was read by OCR, so a word may be misread. */
  ocr?: boolean;
  /** The quote is the paper's note of this label: it cites as "note 1", not by section and paragraph. */
  note?: string;
}

/** What a block of a paper is. Only quotable kinds become paragraphs (and so passages and answers). */
export type BlockKind =
  | "heading"
  | "paragraph"
  | "blockquote"
  | "epigraph"
  | "list item"
  | "table"
  | "code"
  | "caption"
  | "abstract"
  | "footnote"
  | "reference";

export const QUOTABLE_KINDS: ReadonlySet<BlockKind> = new Set(["paragraph", "blockquote", "epigraph", "list item", "caption", "abstract"]);

/** A block as it sits in the reading text (`start`..`end`); tables and code have no reading text and are not kept. */
export interface DocumentBlock {
  kind: BlockKind;
  start: number;
  end: number;
}

export interface Paragraph {
  section: string;
  /** 1-based within its section. */
  number: number;
  /** Character offsets into the document's reading text (JS string indices). */
  start: number;
  end: number;
  kind?: BlockKind;
  /** PDFs: the page the paragraph starts on, as printed where the pages show steady numbers, else counted from 1. */
  page?: number;
  /** PDFs: the page was read by OCR. */
  ocr?: boolean;
  /** A note's label, as the paper marks it. */
  note?: string;
}

export interface Section {
  title: string;
  /** 0-based order in the paper. */
  index: number;
  paragraphs: Paragraph[];
}

/** An entry of the paper's own reference list (or a footnote), as the paper prints it. */
export interface Reference {
  /** The entry's reading text, whole. */
  raw: string;
  /** Family names of its authors, as printed ("Priem", "van den Besselaar"). */
  authors: string[];
  year?: string;
  title?: string;
  /** A footnote's label, a numbered entry's number, or a BibTeX-style key the entry was matched to. */
  key?: string;
  kind: "reference" | "footnote";
}

/** An in-text citation: "(Priem et al., 2010)", "[@priem_2010]", "[12]" or a footnote mark. */
export interface CiteMark {
  /** Offset into the reading text: where the mark is (a removed mark sits where it was). */
  at: number;
  /** End of the mark in the reading text; equal to `at` for marks that were removed from the words. */
  end: number;
  /** How a reader names the source: "Priem et al., 2010", "note 3", "12". */
  text: string;
  /** Index into `SourceDocument.references`, when the paper's own list has the entry. */
  reference?: number;
}

export interface SourceDocument {
  meta: PaperMeta;
  /**
   * The reading text: every block's words as a reader sees them (soft line breaks joined, markup
   * removed), blocks separated by blank lines. Every offset of sections, passages and quotes
   * indexes into this string.
   */
  text: string;
  /** sha256 of the file's bytes. */
  hash: string;
  /** The file's format, by the parser that read it ("markdown", "text", "pdf", "html", "docx"). */
  format: string;
  /**
   * Reading-text offsets back to the source (see ingest/source-map.ts): base64 runs. The source is
   * the decoded file text for Markdown and plain text, and the text extracted from the file for
   * PDF, HTML and Word.
   */
  sourceMap: string;
  blocks: DocumentBlock[];
  sections: Section[];
  references: Reference[];
  cites: CiteMark[];
}

export interface Passage {
  /** Stable id: `<paperId>#<section index>.<paragraph>.<part>`. */
  id: string;
  paperId: string;
  /** Exactly `document.text.slice(start, end)`. */
  text: string;
  start: number;
  end: number;
  citation: Citation;
}

export interface CorpusFileHash {
  id: string;
  hash: string;
  /** Size and mtime when hashed, so an unchanged file need not be read again (absent for an unreadable one). */
  bytes?: number;
  mtimeMs?: number;
}

/** What the corpus folder holds, by content: a changed fingerprint means the index is stale. */
export interface CorpusFingerprint {
  /** sha256 over every file's id and content hash (PDF sidecars included, under their own names). */
  hash: string;
  files: CorpusFileHash[];
  /** When the files were statted and hashed. */
  takenAtMs?: number;
}
