import { truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apaCitation, chicagoCitation, plainText } from "../src/answer/cite-format.js";
import { citationLabel } from "../src/answer/citation-label.js";
import { citesOf } from "../src/answer/cites.js";
import { citationOf } from "../src/ingest/chunk.js";
import { DEFAULT_LIMITS } from "../src/ingest/formats/index.js";
import { authorsOf, yearOf } from "../src/ingest/metadata.js";
import { parseReference } from "../src/ingest/references.js";
import { bylineOf } from "../src/ingest/byline.js";
import { findOcr } from "../src/ingest/ocr.js";
import { parseDocument, parseFile, readCorpus } from "../src/ingest/read-corpus.js";
import type { SourceDocument } from "../src/ingest/types.js";
import * as fx from "../scripts/ingest-fixtures.js";
import { tempDir } from "./support/engine.js";

const paragraphs = (doc: SourceDocument) => doc.sections.flatMap((s) => s.paragraphs.map((p) => ({ section: s.title, kind: p.kind ?? "paragraph", text: doc.text.slice(p.start, p.end) })));
const find = (doc: SourceDocument, start: string) => doc.sections.flatMap((s) => s.paragraphs.map((p) => ({ s, p }))).find(({ p }) => doc.text.startsWith(start, p.start))!;

describe("Markdown as chapters are written", () => {
  const doc = parseDocument("chapter.md", Buffer.from(fx.MARKDOWN_CHAPTER));

  it("reads authors as objects, the year from modified_date, the DOI and keywords", () => {
    expect(doc.meta).toMatchObject({ title: "Tidal Gardens and the Keeping of Salt Marshes", authors: ["Ada Okafor", "Bram Lindqvist"], year: 2019, doi: "10.9999/footnote.fixture.1", keywords: ["salt marsh", "restoration"] });
  });

  it("reads the authors from the line under a Markdown paper's title when it has no front matter", () => {
    const doc = parseDocument("byline.md", Buffer.from("# Sparse Attention\n\nMaria Okafor, Daniel Brenner\n\n## Introduction\n\nLegal review is slow.\n"));
    expect(doc.meta).toMatchObject({ title: "Sparse Attention", authors: ["Maria Okafor", "Daniel Brenner"] });
    expect(paragraphs(doc).map((p) => p.text)).toEqual(["Legal review is slow."]);
    // A first paragraph that is prose stays one.
    expect(paragraphs(parseDocument("prose.md", Buffer.from("# Tides\n\nTides bring salt twice a day.\n"))).map((p) => p.text)).toEqual(["Tides bring salt twice a day."]);
  });

  it("takes a `#` heading for a section when the front matter names another title", () => {
    const doc = parseDocument("h1.md", Buffer.from("---\ntitle: Salt and Tides\n---\n\n# Introduction\n\nTides bring salt twice a day.\n"));
    expect([doc.meta.title, doc.sections.map((s) => s.title)]).toEqual(["Salt and Tides", ["Introduction"]]);
  });

  it("makes the abstract and the epigraph sections of their own, and knows headings without a space, setext headings and attribute lists", () => {
    expect(doc.sections.map((s) => s.title)).toEqual(["Abstract", "Epigraph", "1. Introduction", "Setext Heading Of Methods", "Results", "Notes"]);
    expect(paragraphs(doc).filter((p) => p.section === "Abstract").map((p) => p.text)).toEqual([
      "Salt marshes store carbon in their mud for centuries. This chapter describes how tidal gardens are kept.",
      "It closes with a note on funding.",
    ]);
    expect(paragraphs(doc).filter((p) => p.section === "Epigraph")).toEqual([
      { section: "Epigraph", kind: "epigraph", text: "A marsh is patient, and so must be its keepers." },
      { section: "Epigraph", kind: "epigraph", text: "Marsh keepers' saying" },
    ]);
    const epigraph = find(doc, "A marsh");
    expect(citationLabel(citationOf(doc, epigraph.s.title, epigraph.p))).toBe("Okafor and Lindqvist (2019), “Tidal Gardens and the Keeping of Salt Marshes”, epigraph");
  });

  it("joins wrapped lines and drops link targets, emphasis, footnote marks, cite keys, inline HTML and images", () => {
    expect(find(doc, "Tidal gardens are").p).toBeDefined();
    expect(doc.text.slice(find(doc, "Tidal gardens are").p.start, find(doc, "Tidal gardens are").p.end)).toBe(
      "Tidal gardens are strips of salt marsh that volunteers plant and tend by hand. The first garden was laid out in 1987 on the Wadden coast by a school class. Since then the idea has spread to forty harbours, as Okafor showed in an earlier survey.",
    );
    expect(paragraphs(doc).map((p) => p.text)).toContain("One keeper put it simply: “a garden is never finished.” (Okafor 2015). Plots paid for by a grant carry a star * on their stake.");
    expect(paragraphs(doc).map((p) => p.text)).toContain("We visited twelve gardens between 2016 and 2018. Each visit followed the same protocol, described in protocol.md, and a photograph was taken at every stake.");
  });

  it("keeps code, tables and back matter out of the quotable text", () => {
    const all = paragraphs(doc);
    expect(all.find((p) => p.kind === "caption")?.text).toBe("Figure 1: A garden at low tide.");
    expect(all.filter((p) => p.kind === "list item").map((p) => p.text)).toEqual(["Cordgrass was planted first in every garden.", "Sea lavender followed in the second year."]);
    for (const text of ["not a heading", "North", "Counting marsh plants", "Grants"]) expect(all.some((p) => p.text.includes(text))).toBe(false);
    expect(doc.sections.some((s) => s.title.startsWith("#"))).toBe(false);
  });

  it("quotes a note that says something, cited by its label, and leaves out one that only points to a source", () => {
    expect(paragraphs(doc).filter((p) => p.section === "Notes")).toEqual([{ section: "Notes", kind: "footnote", text: "The class was from a primary school in the harbour town." }]);
    const note = find(doc, "The class was");
    expect(citationLabel(citationOf(doc, note.s.title, note.p))).toBe("Okafor and Lindqvist (2019), “Tidal Gardens and the Keeping of Salt Marshes”, note 1");
    expect(doc.references.filter((r) => r.kind === "footnote").map((r) => r.key)).toEqual(["1", "2"]);
  });

  it("parses the reference list and links each in-text citation to its entry", () => {
    expect(doc.references.filter((r) => r.kind === "reference").map(({ authors, year, title }) => ({ authors, year, title }))).toEqual([
      { authors: ["Lindqvist", "Okafor", "Moreau"], year: "2012", title: "Counting marsh plants by hand" },
      { authors: ["Okafor"], year: "2015", title: "Tidal gardens: a survey of forty harbours" },
    ]);
    const intro = find(doc, "Tidal gardens are").p;
    expect(citesOf(doc, intro.start, intro.end)).toEqual([
      { text: "note 1", reference: "The class was from a primary school in the harbour town." },
      { text: "Okafor, 2015", reference: expect.stringMatching(/^Okafor, A\., 2015\. Tidal gardens/) },
    ]);
    const results = find(doc, "Gardens that were").p;
    expect(citesOf(doc, results.start, results.end).map((c) => [c.text, c.reference?.slice(0, 14)])).toEqual([
      ["Lindqvist et al., 2012", "Lindqvist, B.,"],
      ["Okafor 2015", "Okafor, A., 20"],
    ]);
  });

  it("gives APA and Chicago entries with the year it found, not n.d.", () => {
    expect(plainText(apaCitation(doc.meta))).toBe("Okafor, A., & Lindqvist, B. (2019). Tidal Gardens and the Keeping of Salt Marshes. https://doi.org/10.9999/footnote.fixture.1");
    expect(plainText(chicagoCitation(doc.meta))).toBe("Okafor, Ada, and Bram Lindqvist. “Tidal Gardens and the Keeping of Salt Marshes.” 2019. https://doi.org/10.9999/footnote.fixture.1.");
  });
});

describe("reference entries in the common styles", () => {
  const parts = (raw: string) => {
    const { authors, year, title, key } = parseReference(raw);
    return { authors, year, title, ...(key ? { key } : {}) };
  };

  it("finds authors, year and title in Harvard, APA, Vancouver and IEEE entries", () => {
    expect(parts("Cole, S., Cole, J.R. & Simon, G.A., 1981. Chance and consensus in peer review. Science, 214, pp.881–886.")).toEqual({ authors: ["Cole", "Cole", "Simon"], year: "1981", title: "Chance and consensus in peer review" });
    expect(parts("Okafor, A., & Lindqvist, B. (2012). Counting marsh plants by hand. Journal of Coastal Practice, 4(2), 11–19.")).toEqual({ authors: ["Okafor", "Lindqvist"], year: "2012", title: "Counting marsh plants by hand" });
    expect(parts("Okafor A, Lindqvist B. Counting marsh plants by hand. J Coast Pract. 2012;4:11–19.").authors).toEqual(["Okafor", "Lindqvist"]);
    expect(parts("[2] A. Okafor and B. Lindqvist, “Counting marsh plants by hand,” J. Coastal Practice, vol. 4, 2012.")).toMatchObject({ authors: ["Okafor", "Lindqvist"], year: "2012", key: "2" });
  });

  it("takes an acronym in brackets for a cite only in a paper that cites by name", () => {
    const glossing = parseDocument("gloss.md", Buffer.from("# G\n\n## Body\n\nThe National Library of Science (TIB) keeps the data.\n"));
    expect(glossing.cites).toEqual([]);
    const citing = parseDocument("mla.md", Buffer.from("# M\n\n## Body\n\nReserves are large (EIA). Trade grew (Ghosh).\n"));
    expect(citing.cites.map((c) => c.text)).toEqual(["EIA", "Ghosh"]);
  });

  it("links a numeric citation to a numbered list's entry", () => {
    const doc = parseDocument("numbered.md", Buffer.from("# Numbered\n\n## Body\n\nPlants were counted by hand [2].\n\n## References\n\n1. Moreau, C., 2018. Street lights and moths.\n2. Okafor, A., 2012. Counting marsh plants by hand.\n"));
    const body = find(doc, "Plants were").p;
    expect(citesOf(doc, body.start, body.end)).toEqual([{ text: "2", reference: "Okafor, A., 2012. Counting marsh plants by hand." }]);
  });
});

describe("metadata in the shapes people write it", () => {
  it("takes authors as a string, a list, or Pandoc and CSL objects", () => {
    expect(authorsOf("Ada Okafor and Bram Lindqvist")).toEqual(["Ada Okafor", "Bram Lindqvist"]);
    expect(authorsOf("Okafor, Ada")).toEqual(["Okafor, Ada"]);
    expect(authorsOf(["Ada Okafor", { name: "Bram Lindqvist", orcid: "0000" }, { given: "Chloé", family: "Moreau", affiliation: "X" }, { literal: "Marsh Trust" }])).toEqual([
      "Ada Okafor",
      "Bram Lindqvist",
      "Chloé Moreau",
      "Marsh Trust",
    ]);
  });

  it("takes a Jekyll post's year from its file name when nothing else gives one", () => {
    expect(parseDocument("posts/2013-08-10-salt.md", Buffer.from("# Salt\n\nSalt is kept.\n")).meta.year).toBe(2013);
    expect(parseDocument("2013-08-10-salt.md", Buffer.from("---\nyear: 2014\n---\n# Salt\n\nSalt is kept.\n")).meta.year).toBe(2014);
  });

  it("takes the year from numbers, dates and CSL date parts", () => {
    expect([yearOf(2014), yearOf("19 January 2014"), yearOf(new Date("2014-01-19")), yearOf({ "date-parts": [[2014, 1]] }), yearOf("soon")]).toEqual([2014, 2014, 2014, 2014, undefined]);
  });
});

describe("plain text, HTML and Word", () => {
  it("joins a text file's hard-wrapped lines within each paragraph, and reads its byline", () => {
    const doc = parseDocument("birds.txt", Buffer.from(fx.HARD_WRAPPED_TEXT));
    expect(doc.meta).toMatchObject({ title: "Winter Feeding of Garden Birds", authors: ["Chloé Moreau", "Ada Okafor"], year: 2023 });
    expect(bylineOf("Literature Review")).toBeUndefined();
    expect(bylineOf("Emil Souleimanov, Maya Ehrmann, Huseyn Aliyev. Journal of Southeast European & Black Sea Studies. Volume 14, Issue 4, December 2014.")).toEqual({
      authors: ["Emil Souleimanov", "Maya Ehrmann", "Huseyn Aliyev"],
      year: 2014,
    });
    expect(paragraphs(doc).map((p) => p.text)).toEqual([
      "Garden birds take more food from feeders in cold weather than in mild weather. This paper reports counts from fifty gardens over three winters.",
      "Each garden kept one feeder filled with the same seed mix. Volunteers counted visits for an hour every Sunday morning.",
    ]);
  });

  it("reads a web page's article without its navigation, sidebar or footer, and its citation_* metadata", () => {
    const doc = parseDocument("lantern.html", Buffer.from(fx.HTML_PAGE));
    expect(doc.meta).toMatchObject({ title: "Lantern Fish at Night", authors: ["Okafor, Ada", "Lindqvist, Bram"], year: 2021, doi: "10.9999/footnote.fixture.2" });
    const texts = paragraphs(doc).map((p) => p.text);
    expect(texts[0]).toBe("Lantern fish rise towards the surface every night to feed, and sink again before dawn. Their migration is the largest daily movement of animals on the planet, measured by the mass that moves.");
    expect(paragraphs(doc).find((p) => p.kind === "blockquote")?.text).toBe("The deep sea is not dark; it is full of small lights.");
    expect(texts.join(" ")).not.toMatch(/Subscribe|Popular posts|Copyright/);
    // The note is quoted on its own, after the article, not in the paragraph that marks it.
    expect(paragraphs(doc).filter((p) => p.section !== "Notes").map((p) => p.text).join(" ")).not.toMatch(/Measured by echo/);
    expect(texts.at(-1)).toBe("Measured by echo sounders on research ships.");
    const first = find(doc, "Lantern fish rise").p;
    expect(citesOf(doc, first.start, first.end)).toEqual([{ text: "note 1", reference: "Measured by echo sounders on research ships." }]);
  });

  it("reads a page too short for an article whole", () => {
    const doc = parseDocument("short.html", Buffer.from("<html><body><nav><a href='/'>Home</a></nav><p>One short line of findings.</p></body></html>"));
    expect(paragraphs(doc).map((p) => p.text)).toEqual(["One short line of findings."]);
  });

  it("reads a Word file's headings, paragraphs, footnotes and properties", async () => {
    const doc = await parseFile("bees.docx", fx.docxPaper());
    expect(doc.meta).toMatchObject({ title: "Rooftop Beehives in Dense Cities", authors: ["Ada Okafor"], year: 2020 });
    expect(doc.sections.map((s) => [s.title, s.paragraphs.length])).toEqual([
      ["Introduction", 2],
      ["Method", 1],
      ["Notes", 1],
    ]);
    const first = find(doc, "Beekeepers").p;
    expect(citesOf(doc, first.start, first.end)).toEqual([{ text: "note 1", reference: "Flat roofs are common on buildings from the 1960s." }]);
  });

  it("keeps a PDF's reference list out of its passages, one entry each, linked from the text", async () => {
    const doc = await parseFile("moths.pdf", await fx.pdfWithReferences());
    expect(doc.sections.map((s) => s.title)).not.toContain("References");
    expect(doc.references.map((r) => [r.authors[0], r.year])).toEqual([
      ["Moreau", "2018"],
      ["Okafor", "2015"],
    ]);
    const intro = find(doc, "Moths are counted").p;
    expect(citesOf(doc, intro.start, intro.end)).toEqual([{ text: "Moreau 2018", reference: "Moreau, C., 2018. Street lights and suburban moths. Journal of Night Ecology, 3(1), pp.5–17." }]);
  });
});

describe("scanned and hostile files", () => {
  it("reads a scanned page by OCR where it is installed, and otherwise says how to add it", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "scan.pdf"), await fx.scannedPdf());
    const { documents, warnings } = await readCorpus(dir);
    if (await findOcr()) {
      expect(documents[0]?.sections.flatMap((s) => s.paragraphs).every((p) => p.ocr)).toBe(true);
    } else {
      expect(documents).toEqual([]);
      expect(warnings).toEqual([expect.stringMatching(/^Skipped scan\.pdf: it has no text layer \(a scan\).*npm install tesseract\.js @tesseract\.js-data\/eng.*tesseract-ocr/)]);
    }
  });

  it("refuses each hostile file within its limit, naming the file and the limit, and indexes the rest", async () => {
    const dir = await tempDir();
    const limits = { ...DEFAULT_LIMITS, maxUnpackedBytes: 1024 * 1024, maxPdfPages: 3 };
    await writeFile(path.join(dir, "bomb.docx"), fx.zipBomb(64));
    await writeFile(path.join(dir, "deep.html"), fx.deepHtml(10_000));
    await writeFile(path.join(dir, "long.pdf"), await fx.manyPagesPdf(8));
    await writeFile(path.join(dir, "cut.docx"), fx.docxPaper().subarray(0, 900));
    await writeFile(path.join(dir, "huge.txt"), "");
    await truncate(path.join(dir, "huge.txt"), 500 * 1024 * 1024);
    await writeFile(path.join(dir, "birds.txt"), fx.HARD_WRAPPED_TEXT);
    await writeFile(path.join(dir, "notes.xyz"), "what is this?");
    const { documents, warnings } = await readCorpus(dir, limits);
    expect(documents.map((d) => d.meta.id)).toEqual(["birds.txt", "long.pdf"]);
    expect(documents[1]!.text).toContain("page 3 of");
    expect(documents[1]!.text).not.toContain("page 4 of");
    expect(warnings).toEqual([
      expect.stringMatching(/^Skipped notes\.xyz: footnote does not read \.xyz files/),
      expect.stringMatching(/^Skipped bomb\.docx: it unpacks to more than 1 MB \(MAX_UNPACKED_MB\)/),
      expect.stringMatching(/^Skipped cut\.docx: it is not a Word file/),
      expect.stringMatching(/^Skipped deep\.html: its elements nest \d+ deep, more than the limit of 400 \(MAX_HTML_DEPTH\)/),
      expect.stringMatching(/^Skipped huge\.txt: it is 500 MB, more than the limit of 50 MB \(MAX_FILE_MB\)/),
      "long.pdf: read only the first 3 of its 8 pages (the limit is MAX_PDF_PAGES=3).",
    ]);
  });

  it("reads a paper whose name says nothing by what its bytes are", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "download"), await fx.pdfWithReferences());
    const { documents } = await readCorpus(dir);
    expect(documents.map((d) => [d.meta.id, d.format])).toEqual([["download", "pdf"]]);
  });
});
