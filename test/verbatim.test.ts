/**
 * "Verbatim" means: a quote is exactly a slice of the reading text, and every character of it maps
 * back to the source. Checked here for every sentence of every fixture and of the default paper.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { readPaper, type ReadPaper } from "../src/ingest/read-corpus.js";
import { splitSentences } from "../src/ingest/sentences.js";
import { mapRuns, mapSpan } from "../src/ingest/source-map.js";
import * as fx from "../scripts/ingest-fixtures.js";
import { DEFAULT_PAPER, defaultPaperPdf } from "../scripts/pdf-fixtures.js";

const papers: [string, () => Promise<ReadPaper>][] = [
  ["the default paper", async () => readPaper("focused-on-iran.md", await readFile(DEFAULT_PAPER))],
  ["the default paper as a PDF", async () => readPaper("focused-on-iran.pdf", await defaultPaperPdf())],
  ["a Markdown chapter", () => readPaper("chapter.md", Buffer.from(fx.MARKDOWN_CHAPTER))],
  ["a hard-wrapped text", () => readPaper("birds.txt", Buffer.from(fx.HARD_WRAPPED_TEXT))],
  ["a web page", () => readPaper("lantern.html", Buffer.from(fx.HTML_PAGE))],
  ["a Word file", () => readPaper("bees.docx", fx.docxPaper())],
  ["a PDF with references", async () => readPaper("moths.pdf", await fx.pdfWithReferences())],
];

/** What must never show in a quote: Markdown and HTML syntax, link targets, cite keys, footnote marks, line breaks. */
const MARKUP = /\[\^|\]\(|\]\[|\[@|<\/?[a-zA-Z][^>]*>|\*\*|__|`|^\s*[>#|]|\n|\r|\|\s*-{3}|\{[:#.]/;
const SENTENCE_END = /[.!?…:;]["'”’)\]]*$/;

describe.each(papers)("every sentence of %s", (_, read) => {
  it("is a slice of the reading text that maps back to the source, ends where a sentence ends and holds no markup", async () => {
    const { document: doc, source } = await read();
    let sentences = 0;
    for (const section of doc.sections) {
      for (const p of section.paragraphs) {
        const spans = splitSentences(doc.text, p.start, p.end);
        spans.forEach((s, i) => {
          sentences++;
          const text = doc.text.slice(s.start, s.end);
          expect(text, text).not.toMatch(MARKUP);
          // A whole sentence: closed by its punctuation, or the last words of its block (a heading-like line, an attribution).
          if (i < spans.length - 1) expect(text, text).toMatch(SENTENCE_END);
          expect(/\S/.test(doc.text[s.end] ?? " "), text).toBe(false);
          for (const run of mapRuns(doc, s.start, s.end)) {
            for (let k = 0; k < run.reading.end - run.reading.start; k++) {
              const read = doc.text[run.reading.start + k]!;
              const original = source[run.source.start + k] ?? "";
              // Equal, or a line break read as a space, or an entity or escape decoded.
              const same = read === original || (/\s/.test(read) && /\s/.test(original)) || /[&\\]/.test(original);
              expect(same, `${JSON.stringify(read)} ≠ ${JSON.stringify(original)} in ${text}`).toBe(true);
            }
          }
          const span = mapSpan(doc, s.start, s.end);
          expect(span.end).toBeGreaterThan(span.start);
          expect(span.end - span.start).toBeGreaterThanOrEqual(text.trim().length);
        });
      }
    }
    expect(sentences).toBeGreaterThan(3);
  });
});

describe("the default paper", () => {
  it("reads each paragraph exactly as its source line", async () => {
    const { document: doc, source } = await papers[0]![1]();
    for (const p of doc.sections.flatMap((s) => s.paragraphs)) {
      const span = mapSpan(doc, p.start, p.end);
      expect(source.slice(span.start, span.end)).toBe(doc.text.slice(p.start, p.end));
    }
  });
});
