/**
 * Papers in every format footnote reads, written here for the tests (no third-party text): a
 * Markdown chapter with the constructs real chapters use, the same kind of text hard-wrapped as
 * .txt, a web page with navigation around its article, a Word file, PDFs with a reference list,
 * a scanned page and too many pages, and hostile files (a zip bomb, HTML nested very deep).
 */
import { deflateRawSync, crc32 } from "node:zlib";
import PDFDocument from "pdfkit";
import { encodePng } from "../src/ingest/ocr.js";
import { paperPdf } from "./pdf-fixtures.js";

/** A chapter as people write them for Jekyll and Pandoc: wrapped at 72 columns, with everything that must not leak into quotes. */
export const MARKDOWN_CHAPTER = `---
layout: post
title: "Tidal Gardens and the Keeping of Salt Marshes"
modified_date: 14 March 2019
doi: 10.9999/footnote.fixture.1
keywords: [salt marsh, restoration]
authors:
 - name: Ada Okafor
   orcid: 0000-0000-0000-0001
   affiliation: Coastal Institute
 - given: Bram
   family: Lindqvist
abstract: |
 Salt marshes store carbon in their mud for centuries. This chapter
 describes how tidal gardens are kept.

 It closes with a note on funding.
---

> A marsh is patient, and so must be its keepers. <br>
<small>Marsh keepers' saying</small>

##1. Introduction

Tidal gardens are strips of salt marsh that volunteers plant and
tend by hand. The first garden was laid out in 1987 on the
[Wadden coast](https://example.org/wadden "Wadden") by a school class[^1].
Since then the idea has spread to *forty* harbours, as **Okafor**
showed in an earlier survey [@okafor_gardens_2015].

Keepers count the plants twice a year (Lindqvist et al., 2012). A
count takes about three hours for a garden of one hectare [3].

Setext Heading Of Methods
-------------------------

We visited twelve gardens between 2016 and 2018.<sup>2</sup> Each visit
followed the same protocol, described in \`protocol.md\`, and a
photograph was taken at every stake.

![Figure 1: A garden at low tide.](garden.png)

\`\`\`
# not a heading: a comment in a code block
count = plants / area
\`\`\`

| garden | plants |
|--------|--------|
| North  | 1200   |

- Cordgrass was planted first in every garden.
- Sea lavender followed in the second year.

## Results {#results}

Gardens that were visited often held more plants. The difference was
largest in the first three years (Lindqvist et al., 2012; Okafor 2015).

One keeper put it simply: *“a garden is never finished.”* (Okafor 2015).
Plots paid for by a grant carry a star \\* on their stake.[^2]

## References

Lindqvist, B., Okafor, A. & Moreau, C., 2012. Counting marsh plants by
hand. *Journal of Coastal Practice*, 4(2), pp.11–19.

Okafor, A., 2015. Tidal gardens: a survey of forty harbours. *Marsh
Notes*, 9, pp.1–30. Available at: <https://example.org/survey>.

[^1]: The class was from a primary school in the harbour town.

[^2]: Grants: <https://example.org/grants>
`;

/** A paper pasted as plain text: a title line, a byline, hard-wrapped paragraphs, short heading lines. */
export const HARD_WRAPPED_TEXT = `Winter Feeding of Garden Birds

Chloé Moreau and Ada Okafor. Garden Ecology Notes, 2, 2023.

Introduction

Garden birds take more food from feeders in cold
weather than in mild weather. This paper reports
counts from fifty gardens over three winters.

Method

Each garden kept one feeder filled with the same
seed mix. Volunteers counted visits for an hour
every Sunday morning.
`;

/** A saved web page: navigation, a sidebar and a footer around the article. */
export const HTML_PAGE = `<!doctype html>
<html lang="en"><head>
<title>Lantern Fish at Night | Example Science Blog</title>
<meta name="citation_title" content="Lantern Fish at Night">
<meta name="citation_author" content="Okafor, Ada">
<meta name="citation_author" content="Lindqvist, Bram">
<meta name="citation_publication_date" content="2021/05/04">
<meta name="citation_doi" content="10.9999/footnote.fixture.2">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About this blog</a></li><li><a href="/subscribe">Subscribe to our newsletter today</a></li></ul></nav>
<div class="sidebar"><p>Popular posts: ten ways to bake bread.</p></div>
<article>
<h1>Lantern Fish at Night</h1>
<p>Lantern fish rise towards the surface every night to feed, and sink
again before dawn. Their migration is the largest daily movement of
animals on the planet, measured by the mass that moves.<sup><a href="#fn1" id="fnref1">1</a></sup></p>
<h2>How they glow</h2>
<p>Each fish carries rows of light organs along its belly. The light hides
its shadow from predators below, a trick called counter-illumination.
Several species also flash to signal to one another in the dark water.</p>
<blockquote><p>The deep sea is not dark; it is full of small lights.</p></blockquote>
<p>Nets towed at night catch ten times more lantern fish than the same nets
towed at noon, which is how the migration was first noticed by sailors.</p>
<section class="footnotes" role="doc-endnotes"><ol><li id="fn1"><p>Measured by echo sounders on research ships. <a href="#fnref1">↩</a></p></li></ol></section>
</article>
<footer><p>Copyright Example Science Blog. All rights reserved. Contact us.</p></footer>
</body></html>
`;

interface ZipEntry {
  name: string;
  data: Buffer;
}

/** A zip archive, every entry deflated: what a .docx is. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, "utf8");
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc32(data), 14);
    header.writeUInt32LE(packed.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc32(data), 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(header, nameBytes, packed);
    directory.push(entry, nameBytes);
    offset += header.length + nameBytes.length + packed.length;
  }
  const size = directory.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...directory, end]);
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const para = (text: string, style?: string, footnote?: number) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ""}<w:r><w:t xml:space="preserve">${text}</w:t></w:r>${
    footnote !== undefined ? `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="${footnote}"/></w:r>` : ""
  }</w:p>`;

/** A Word paper: a title, headings, paragraphs and a footnote, with its author and date in the file's properties. */
export function docxPaper(): Buffer {
  const body = [
    para("Rooftop Beehives in Dense Cities", "Heading1"),
    para("Introduction", "Heading2"),
    para("Beekeepers in dense cities keep hives on flat roofs, where the bees are out of the way of people.", undefined, 1),
    para("A rooftop hive yields less honey than a rural one in its first year. It catches up by the third year."),
    para("Method", "Heading2"),
    para("We weighed the honey of thirty hives every autumn for five years."),
  ].join("");
  const file = (name: string, xml: string) => ({ name, data: Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${xml}`, "utf8") });
  return zip([
    file(
      "[Content_Types].xml",
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>',
    ),
    file(
      "_rels/.rels",
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    ),
    file(
      "word/_rels/document.xml.rels",
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="${REL}/footnotes" Target="footnotes.xml"/></Relationships>`,
    ),
    file("word/document.xml", `<w:document ${W}><w:body>${body}</w:body></w:document>`),
    file(
      "word/styles.xml",
      `<w:styles ${W}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style></w:styles>`,
    ),
    file(
      "word/footnotes.xml",
      `<w:footnotes ${W}><w:footnote w:id="1"><w:p><w:r><w:t>Flat roofs are common on buildings from the 1960s.</w:t></w:r></w:p></w:footnote></w:footnotes>`,
    ),
    file(
      "docProps/core.xml",
      '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Rooftop Beehives in Dense Cities</dc:title><dc:creator>Ada Okafor</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2020-09-01T10:00:00Z</dcterms:created></cp:coreProperties>',
    ),
  ]);
}

/** A "Word file" whose one entry unpacks to `megabytes` of zeros from a few kilobytes. */
export function zipBomb(megabytes: number): Buffer {
  return zip([{ name: "word/document.xml", data: Buffer.alloc(megabytes * 1024 * 1024) }]);
}

/** An HTML page nested `depth` elements deep. */
export function deepHtml(depth: number): string {
  return `<!doctype html><html><body>${"<div>".repeat(depth)}<p>Deep.</p>${"</div>".repeat(depth)}</body></html>`;
}

/** A short paper with a reference list, typeset as a PDF. */
export function pdfWithReferences(): Promise<Buffer> {
  return paperPdf({
    title: "Night Counts of Moths in Suburban Gardens",
    authors: ["Ada Okafor", "Bram Lindqvist"],
    year: 2022,
    sections: [
      {
        title: "Introduction",
        paragraphs: [
          "Moths are counted at night with a lamp and a white sheet. Earlier counts found fewer moths near bright street lights (Moreau 2018).",
          "We counted moths in twenty gardens on forty nights during two summers, always starting one hour after sunset.",
        ],
      },
      {
        title: "References",
        paragraphs: [
          "Moreau, C., 2018. Street lights and suburban moths. Journal of Night Ecology, 3(1), pp.5–17.",
          "Okafor, A., 2015. Tidal gardens: a survey of forty harbours. Marsh Notes, 9, pp.1–30.",
        ],
      },
    ],
  });
}

/** A PDF of `pages` pages, each with one sentence on it. */
export function manyPagesPdf(pages: number): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, info: { Title: "Many Pages" } });
  for (let i = 1; i <= pages; i++) doc.addPage().font("Times-Roman").fontSize(11).text(`This is the sentence on page ${i} of the long report.`, 72, 72);
  return finishPdf(doc);
}

/** One page with a picture and no text layer, as a scanner makes it. */
export function scannedPdf(): Promise<Buffer> {
  const width = 400;
  const height = 200;
  const data = new Uint8Array(width * height).fill(255);
  // Dark bars where a scan would show lines of print.
  for (let y = 40; y < 160; y += 30) for (let x = 40; x < 360; x++) for (let k = 0; k < 10; k++) data[(y + k) * width + x] = 0;
  const doc = new PDFDocument({ autoFirstPage: false, info: { Title: "Scanned Letter" } });
  doc.addPage().image(encodePng({ width, height, channels: 1, data }), 72, 72, { width: 400 });
  return finishPdf(doc);
}

function finishPdf(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.end();
  return done;
}
