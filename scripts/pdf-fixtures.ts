/**
 * PDFs for tests and demos, drawn with pdfkit. Lines are filled here rather than by pdfkit's own
 * wrapping so the fixtures show what typeset papers do and ingestion must undo: long words
 * hyphenated at line ends, compounds broken at their own hyphen, paragraphs and columns running
 * on across breaks, running headers and page numbers.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import PDFDocument from "pdfkit";
import { parseDocument } from "../src/ingest/read-corpus.js";
import type { SourceDocument } from "../src/ingest/types.js";

type Doc = PDFKit.PDFDocument;

interface Style {
  font: string;
  size: number;
  /** Baseline to baseline. */
  leading: number;
}

const STYLE = {
  title: { font: "Helvetica-Bold", size: 18, leading: 22 },
  byline: { font: "Helvetica", size: 11, leading: 14 },
  heading: { font: "Helvetica-Bold", size: 13, leading: 16 },
  body: { font: "Times-Roman", size: 10.5, leading: 13 },
  /** A heading at body size, told apart only by its weight. */
  boldHeading: { font: "Times-Bold", size: 10.5, leading: 13 },
  furniture: { font: "Times-Italic", size: 9, leading: 11 },
} satisfies Record<string, Style>;

const PAGE = { width: 595.28, height: 841.89, margin: 72 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;

/** A column on a page; text fills one frame after the other, then a new page with the same frames. */
interface Frame {
  x: number;
  width: number;
  top: number;
  bottom: number;
}

export interface PaperContent {
  title: string;
  authors: string[];
  journal?: string;
  year?: number;
  sections: { title: string; paragraphs: string[] }[];
}

export const DEFAULT_PAPER = path.resolve(import.meta.dirname, "../corpus/focused-on-iran.md");

/** The default paper, from its Markdown, as a journal-style PDF. */
export async function defaultPaperPdf(): Promise<Buffer> {
  return paperPdf(paperContent(parseDocument(path.basename(DEFAULT_PAPER), await readFile(DEFAULT_PAPER))));
}

/** A parsed Markdown paper as the content of its PDF. */
export function paperContent(doc: SourceDocument): PaperContent {
  return {
    title: doc.meta.title,
    authors: doc.meta.authors,
    ...(doc.meta.journal ? { journal: doc.meta.journal } : {}),
    ...(doc.meta.year ? { year: doc.meta.year } : {}),
    sections: doc.sections.map((s) => ({ title: s.title, paragraphs: s.paragraphs.map((p) => doc.text.slice(p.start, p.end)) })),
  };
}

/** A paper as a journal would print it: a running header (journal, short title) and page numbers from `firstPage`. */
export function paperPdf(paper: PaperContent, options: { firstPage?: number } = {}): Promise<Buffer> {
  const doc = newDocument({
    Title: paper.title,
    Author: paper.authors.join("; "),
    ...(paper.year ? { CreationDate: new Date(Date.UTC(paper.year, 11, 1)) } : {}),
  });
  const set = new Typesetter(doc, [{ x: PAGE.margin, width: TEXT_WIDTH, top: PAGE.margin, bottom: PAGE.height - PAGE.margin }]);
  set.paragraph(paper.title, STYLE.title, { hyphenate: false });
  set.space(4);
  set.paragraph(paper.authors.join(", "), STYLE.byline, { hyphenate: false });
  for (const section of paper.sections) {
    set.space(14);
    set.keepRoom(STYLE.heading.leading + 3 * STYLE.body.leading);
    set.paragraph(section.title, STYLE.heading, { hyphenate: false });
    set.space(4);
    for (const text of section.paragraphs) {
      set.paragraph(text, STYLE.body);
      set.space(6);
    }
  }
  const firstPage = options.firstPage ?? 1;
  const shortTitle = `${paper.authors[0]?.split(" ").at(-1) ?? ""} et al.`;
  return finish(doc, (page) => {
    // Journals alternate the running header: the journal on even pages, the authors on odd ones.
    if (page > 0) furniture(doc, page % 2 ? shortTitle : (paper.journal ?? paper.title), page % 2 ? "right" : "left", PAGE.margin - 30);
    furniture(doc, String(firstPage + page), "center", PAGE.height - PAGE.margin + 24);
  });
}

/** Labels for the paragraphs of the two-column page, in reading order; each sentence names its paragraph. */
export const TWO_COLUMN_PARAGRAPHS = ["Alpha", "Bravo", "Charlie", "Delta"] as const;

/**
 * One page: a title across the top, then two columns of indented paragraphs with no space between
 * them; "Charlie" runs from the foot of the left column on into the right one, and a bold heading
 * at body size comes before "Delta".
 */
export function twoColumnPdf(): Promise<Buffer> {
  const doc = newDocument({ Title: "" });
  const gutter = 20;
  const width = (TEXT_WIDTH - gutter) / 2;
  const top = PAGE.margin;
  new Typesetter(doc, [{ x: PAGE.margin, width: TEXT_WIDTH, top, bottom: top + 30 }]).paragraph("Reading a Page in Two Columns", STYLE.title, { hyphenate: false });
  const columns = [0, 1].map((i) => ({ x: PAGE.margin + i * (width + gutter), width, top: top + 50, bottom: top + 50 + 20 * STYLE.body.leading }));
  const set = new Typesetter(doc, columns);
  const sentences = (label: string, n: number) =>
    Array.from({ length: n }, (_, i) => `The ${label} paragraph says its sentence number ${i + 1} in the order it was written.`).join(" ");
  set.paragraph("Method", STYLE.boldHeading, { hyphenate: false });
  const lengths = { Alpha: 4, Bravo: 3, Charlie: 9, Delta: 3 };
  for (const label of TWO_COLUMN_PARAGRAPHS) {
    if (label === "Delta") set.paragraph("Results", STYLE.boldHeading, { hyphenate: false });
    set.paragraph(sentences(label, lengths[label]), STYLE.body, { indent: 12, hyphenate: false });
  }
  return finish(doc, () => furniture(doc, "1", "center", PAGE.height - PAGE.margin + 24));
}

/** A PDF that opens only with a password. */
export function encryptedPdf(): Promise<Buffer> {
  const doc = newDocument({}, { userPassword: "secret", ownerPassword: "owner", pdfVersion: "1.7" });
  doc.font(STYLE.body.font).fontSize(STYLE.body.size).text("This text is locked.", PAGE.margin, PAGE.margin, { lineBreak: false });
  return finish(doc, () => {});
}

function newDocument(info: PDFKit.DocumentInfo, options: PDFKit.PDFDocumentOptions = {}): Doc {
  // Margins 0: every line is placed by hand, and pdfkit must never break a page on its own.
  return new PDFDocument({ size: [PAGE.width, PAGE.height], margin: 0, bufferPages: true, info, ...options });
}

/** Draws the furniture on every page once the text is set (page count known), then ends the file. */
function finish(doc: Doc, decorate: (page: number) => void): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const { start, count } = doc.bufferedPageRange();
  for (let page = start; page < start + count; page++) {
    doc.switchToPage(page);
    decorate(page - start);
  }
  doc.end();
  return ended;
}

function furniture(doc: Doc, text: string, align: "left" | "center" | "right", y: number): void {
  doc.font(STYLE.furniture.font).fontSize(STYLE.furniture.size);
  const width = doc.widthOfString(text);
  const x = align === "left" ? PAGE.margin : align === "right" ? PAGE.width - PAGE.margin - width : (PAGE.width - width) / 2;
  doc.text(text, x, y, { lineBreak: false });
}

class Typesetter {
  private frame = 0;
  private y: number;

  constructor(
    private readonly doc: Doc,
    private readonly frames: Frame[],
  ) {
    this.y = frames[0]!.top;
  }

  /** Vertical space, except at the top of a column, where it would only push text down. */
  space(points: number): void {
    if (this.y > this.frames[this.frame]!.top) this.y += points;
  }

  /** Moves on to the next column when fewer than `points` are left (a heading keeps its first lines with it). */
  keepRoom(points: number): void {
    if (this.y + points > this.frames[this.frame]!.bottom) this.nextFrame();
  }

  paragraph(text: string, style: Style, options: { indent?: number; hyphenate?: boolean } = {}): void {
    const { indent = 0, hyphenate = true } = options;
    this.doc.font(style.font).fontSize(style.size);
    const frame = () => this.frames[this.frame]!;
    const lines = fillLines(text, frame().width, indent, (s) => this.doc.widthOfString(s), hyphenate);
    lines.forEach((line, i) => {
      this.keepRoom(style.leading);
      this.doc.text(line, frame().x + (i === 0 ? indent : 0), this.y, { lineBreak: false });
      this.y += style.leading;
    });
  }

  private nextFrame(): void {
    this.frame++;
    if (this.frame === this.frames.length) {
      this.doc.addPage();
      this.frame = 0;
    }
    this.y = this.frames[this.frame]!.top;
  }
}

/** Greedy line filling. A word that does not fit is broken after one of its own hyphens or, when allowed, hyphenated. */
export function fillLines(text: string, width: number, indent: number, measure: (s: string) => number, hyphenate: boolean): string[] {
  const lines: string[] = [];
  let line = "";
  let room = width - indent;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const joined = line ? `${line} ${word}` : word;
    if (measure(joined) <= room) {
      line = joined;
      continue;
    }
    const prefix = line ? `${line} ` : "";
    const split = breakWord(word, hyphenate).find(([head]) => measure(prefix + head) <= room);
    if (split) lines.push(prefix + split[0]);
    else if (line) lines.push(line);
    line = split ? split[1] : word;
    room = width;
  }
  if (line) lines.push(line);
  return lines;
}

/** Ways to break a word across lines, longest first line first: after a hyphen it has, or (long lower-case words) anywhere leaving three letters a side. */
function breakWord(word: string, hyphenate: boolean): [string, string][] {
  const splits: [string, string][] = [];
  for (let i = word.length - 2; i > 0; i--) if (word[i] === "-") splits.push([word.slice(0, i + 1), word.slice(i + 1)]);
  const long = /^([a-z]{7,})([^a-z]*)$/.exec(word);
  if (hyphenate && long) {
    const [letters, rest] = [long[1]!, long[2]!];
    for (let k = letters.length - 3; k >= 3; k--) splits.push([`${letters.slice(0, k)}-`, letters.slice(k) + rest]);
  }
  return splits.sort((a, b) => b[0].length - a[0].length);
}
