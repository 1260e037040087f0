import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { DEFAULT_PAPER, defaultPaperPdf, encryptedPdf, paperContent, paperPdf, TWO_COLUMN_PARAGRAPHS, twoColumnPdf } from "../scripts/pdf-fixtures.js";
import { chunkDocument } from "../src/ingest/chunk.js";
import { OPENING_SECTION } from "../src/ingest/assemble.js";
import { readPdf } from "../src/ingest/pdf-read.js";
import { parseDocument, parseFile } from "../src/ingest/read-corpus.js";
import type { SourceDocument } from "../src/ingest/types.js";

const markdown = parseDocument("focused-on-iran.md", await readFile(DEFAULT_PAPER));
const paperBytes = await defaultPaperPdf();
const paper = await parseFile("focused-on-iran.pdf", paperBytes);
const rawLines = (await readPdf(paperBytes)).pages.flatMap((p) => p.runs.map((r) => ({ page: p.number, text: r.str })));

const squash = (s: string) => s.replace(/\s+/g, " ");
const paragraphsOf = (doc: SourceDocument, skipOpening = false) =>
  doc.sections.filter((s) => !(skipOpening && s.title === OPENING_SECTION)).flatMap((s) => s.paragraphs.map((p) => squash(doc.text.slice(p.start, p.end))));

describe("the default paper as a PDF", () => {
  it("reads as the Markdown does: the same sections, and paragraphs word for word", () => {
    expect(paper.sections.map((s) => s.title)).toEqual([OPENING_SECTION, ...markdown.sections.map((s) => s.title)]);
    const fromPdf = paragraphsOf(paper, true);
    const fromMarkdown = paragraphsOf(markdown);
    expect(fromPdf).toHaveLength(fromMarkdown.length);
    // "overall" broken as "over-all" cannot be told from a compound by the paper's own words.
    expect(fromPdf.filter((p, i) => p !== fromMarkdown[i]).length).toBeLessThanOrEqual(1);
  });

  it("has every quote's offsets point into its text", () => {
    for (const p of chunkDocument(paper)) expect(paper.text.slice(p.start, p.end)).toBe(p.text);
  });

  it("rejoins words hyphenated at line ends, and keeps compounds broken at their hyphen", () => {
    const hyphenatedEnds = rawLines.filter((l) => /\p{Ll}-$/u.test(l.text));
    expect(hyphenatedEnds.length).toBeGreaterThan(20);
    const compounds = squash(paper.text).match(/\p{L}+-\p{L}+/gu) ?? [];
    expect(compounds.filter((w) => !markdown.text.includes(w))).toEqual(["over-all"]);
    expect(paper.text).toContain("one-fifth of its territory");
  });

  it("drops the running headers and the page numbers", () => {
    const furniture = ["Journal of Southeast European & Black Sea Studies", "Souleimanov et al."];
    for (const header of furniture) expect(new Set(rawLines.filter((l) => l.text === header).map((l) => l.page)).size).toBeGreaterThan(3);
    for (const header of furniture) expect(paper.text).not.toContain(header);
    expect(paper.text).not.toMatch(/(^|\n)\d+(\n|$)/);
  });

  it("knows the page each paragraph starts on, and its citations carry it", () => {
    const pages = paper.sections.flatMap((s) => s.paragraphs.map((p) => p.page!));
    const lastPage = Math.max(...rawLines.map((l) => l.page));
    expect(lastPage).toBeGreaterThan(5);
    expect(pages[0]).toBe(1);
    expect(pages.at(-1)).toBe(lastPage);
    expect(pages).toEqual([...pages].sort((a, b) => a - b));
    expect(chunkDocument(paper).every((p) => p.citation.page !== undefined && p.citation.page >= 1 && p.citation.page <= lastPage)).toBe(true);
  });

  it("cites pages by the numbers printed on them", async () => {
    const reprint = await parseFile("reprint.pdf", await paperPdf(paperContent(markdown), { firstPage: 471 }));
    const pages = reprint.sections.flatMap((s) => s.paragraphs.map((p) => p.page!));
    expect(pages[0]).toBe(471);
    expect(pages.at(-1)).toBe(paper.sections.at(-1)!.paragraphs.at(-1)!.page! + 470);
  });

  it("takes title, authors and year from the PDF, and a sidecar's keys over them", async () => {
    expect(paper.meta).toMatchObject({ id: "focused-on-iran.pdf", title: markdown.meta.title, authors: markdown.meta.authors, year: 2014 });
    const sidecar = { title: "Focused on Iran?", author: "E. Souleimanov and M. Ehrmann", journal: "JSEBSS", volume: 14, editorial_headings: ["Introduction"] };
    expect((await parseFile("focused-on-iran.pdf", paperBytes, sidecar)).meta).toMatchObject({
      title: "Focused on Iran?",
      authors: ["E. Souleimanov", "M. Ehrmann"],
      journal: "JSEBSS",
      volume: "14",
      year: 2014,
      editorialHeadings: ["Introduction"],
    });
  });
});

describe("a page in two columns", async () => {
  const doc = await parseFile("two-columns.pdf", await twoColumnPdf());

  it("reads the left column, then the right, paragraph by paragraph", () => {
    const paragraphs = paragraphsOf(doc);
    expect(paragraphs.map((p) => /The (\w+) paragraph/.exec(p)?.[1])).toEqual([...TWO_COLUMN_PARAGRAPHS]);
    paragraphs.forEach((p, i) => {
      const numbers = [...p.matchAll(/The (\w+) paragraph says its sentence number (\d+)/g)];
      expect(numbers.every((m) => m[1] === TWO_COLUMN_PARAGRAPHS[i])).toBe(true);
      expect(numbers.map((m) => Number(m[2]))).toEqual(numbers.map((_, k) => k + 1));
    });
    // Charlie runs from the foot of the left column into the right one and stays one paragraph.
    expect(paragraphs[2]).toMatch(/number 9 in the order it was written\.$/);
  });

  it("finds the title across the top and the bold headings at body size", () => {
    expect(doc.meta.title).toBe("Reading a Page in Two Columns");
    expect(doc.sections.map((s) => [s.title, s.paragraphs.length])).toEqual([
      ["Method", 3],
      ["Results", 1],
    ]);
    expect(doc.text).not.toMatch(/\n1$/);
  });
});

describe("PDFs that cannot be read", () => {
  it("are refused with the reason, for the warning that names them", async () => {
    await expect(parseFile("locked.pdf", await encryptedPdf())).rejects.toThrow(/encrypted \(password-protected\)/);
    await expect(parseFile("cut.pdf", paperBytes.subarray(0, paperBytes.length / 2))).rejects.toThrow(/not a readable PDF/);
    await expect(parseFile("image.pdf", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).rejects.toThrow(/not a PDF/);
    await expect(parseFile("empty.pdf", new Uint8Array())).rejects.toThrow(/empty/);
  });
});
