/** What ingest produces: papers, their sections, and passages that point back into the source bytes. */

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
  /** Headings the editors added because the source lacked them: citations and `/paper` show them in brackets. */
  editorialHeadings: string[];
}

/** Where a quote comes from, as a reader would cite it. */
export interface Citation {
  /** The paper's title. */
  paper: string;
  paperId: string;
  section: string;
  /** The section's heading is not in the source: the editors supplied it (see PaperMeta.editorialHeadings). */
  editorialSection?: boolean;
  /** 1-based paragraph number within the section. */
  paragraph: number;
  /** Page in the original, where the source has pages (PDF). */
  page?: number;
}

export interface Paragraph {
  section: string;
  /** 1-based within its section. */
  number: number;
  /** Character offsets into the document's text (JS string indices). */
  start: number;
  end: number;
  /** PDFs: the page the paragraph starts on, as printed where the pages show steady numbers, else counted from 1. */
  page?: number;
}

export interface Section {
  title: string;
  /** 0-based order in the paper. */
  index: number;
  paragraphs: Paragraph[];
}

export interface SourceDocument {
  meta: PaperMeta;
  /**
   * The source text exactly as read (UTF-8 decoded); every offset indexes into this string. For a
   * PDF, the text extracted from it and cleaned up (see ingest/pdf.ts): that is what quotes match.
   */
  text: string;
  /** sha256 of the file's bytes. */
  hash: string;
  sections: Section[];
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

/** What the corpus folder holds, by content: a changed fingerprint means the index is stale. */
export interface CorpusFingerprint {
  /** sha256 over every file's id and content hash (PDF sidecars included, under their own names). */
  hash: string;
  files: { id: string; hash: string }[];
}
