import { describe, expect, it } from "vitest";
import type { RawBlock } from "../src/ingest/assemble.js";
import { piecesText } from "../src/ingest/source-map.js";
import { findGutter, fragmentsOf, joinLines, keepsHyphen, layoutPdf, pageLabeler, readingOrder, splitFurniture, vocabularyOf, type PdfPage, type TextRun } from "../src/ingest/pdf-layout.js";

/** A run of text set at `size` points, about half an em per character. */
function run(str: string, x: number, y: number, options: { size?: number; bold?: boolean } = {}): TextRun {
  const fontSize = options.size ?? 10;
  return { str, x, y, width: str.length * fontSize * 0.5, fontSize, bold: options.bold ?? false };
}

/** Lines of body text down a column from `top`, 12 points apart; a line starting with "  " is indented. */
function column(lines: string[], x: number, top: number): TextRun[] {
  return lines.map((line, i) => (line.startsWith("  ") ? run(line.trim(), x + 12, top - 12 * i) : run(line, x, top - 12 * i)));
}

const paragraphs = (blocks: RawBlock[], text: string) =>
  blocks.flatMap((b) => (b.kind === "paragraph" ? [text.slice(b.pieces[0]!.source, b.pieces[0]!.source + piecesText(b.pieces).length)] : []));
const headings = (blocks: RawBlock[]) => blocks.flatMap((b) => (b.kind === "heading" ? [piecesText(b.pieces)] : []));

describe("rows and fragments", () => {
  it("join words positioned one by one, with the spaces the PDF left out", () => {
    const page: PdfPage = { number: 1, runs: [run("reading", 72, 700), run("order", 110, 700), run("matters", 138, 700)] };
    expect(fragmentsOf(page).map((f) => f.text)).toEqual(["reading order matters"]);
  });

  it("keep a raised footnote mark on its line and cut a row where a column gap runs through it", () => {
    const page: PdfPage = { number: 1, runs: [run("Left text", 72, 700), run("12", 117, 703, { size: 6 }), run("right text", 320, 700)] };
    expect(fragmentsOf(page).map((f) => [f.text, f.y])).toEqual([
      ["Left text12", 700],
      ["right text", 700],
    ]);
  });
});

describe("reading order", () => {
  const left = ["Left one starts the left column and", "left two goes on down it until", "left three ends the left column."];
  const right = ["Right one starts the right column", "and right two goes on until right", "three ends the right column."];
  const page: PdfPage = {
    number: 1,
    runs: [run("A Title Across The Whole Page Width For Both Columns", 120, 760, { size: 14 }), ...column(left, 72, 700), ...column(right, 320, 700)],
  };

  it("finds the gutter between two columns, and none in a single column", () => {
    expect(findGutter(fragmentsOf(page))).toBeGreaterThan(Math.max(...left.map((l) => 72 + l.length * 5)));
    expect(findGutter(fragmentsOf(page))).toBeLessThan(320);
    expect(findGutter(fragmentsOf({ number: 1, runs: column(left, 72, 700) }))).toBeUndefined();
  });

  it("reads the spanning title, then the left column top to bottom, then the right", () => {
    expect(readingOrder(fragmentsOf(page)).map((l) => l.text)).toEqual(["A Title Across The Whole Page Width For Both Columns", ...left, ...right]);
  });
});

describe("page furniture", () => {
  const texts = ["Text of the first page.", "Text of the second page.", "Text of the third page."];
  const pages = texts.map((text, i) => fragmentsOf({ number: i + 1, runs: [run(`Journal of Tests ${12 + i}`, 72, 800), run(text, 72, 700), run(String(12 + i), 290, 40)] }));

  it("drops running headers and bare page numbers, keeping the body", () => {
    const { body, furniture } = splitFurniture(pages);
    expect(body.map((p) => p.map((f) => f.text))).toEqual(texts.map((text) => [text]));
    expect(furniture[1]!.map((f) => f.text)).toEqual(["Journal of Tests 13", "13"]);
  });

  it("keeps a line seen on one page only, unless it is a page number", () => {
    const once = [fragmentsOf({ number: 1, runs: [run("Received 3 May 2014", 72, 800), run("Body.", 72, 700), run("7", 290, 40)] })];
    expect(splitFurniture(once).body[0]!.map((f) => f.text)).toEqual(["Received 3 May 2014", "Body."]);
  });

  it("labels pages as printed when the printed numbers keep step with the pages", () => {
    const label = pageLabeler(splitFurniture(pages).furniture);
    expect([1, 2, 3].map(label)).toEqual([12, 13, 14]);
    expect(pageLabeler([[], []])(2)).toBe(2);
  });
});

describe("hyphenation at line ends", () => {
  const vocabulary = vocabularyOf([["energy security matters", "the Azerbaijani-Israeli partnership", "one of many"]]);

  it("rejoins a word broken across lines and keeps the hyphen of a compound", () => {
    expect(joinLines(["energy secu-", "rity is discussed"], vocabulary)).toBe("energy security is discussed");
    expect(joinLines(["the Azerbaijani-", "Israeli partnership"], vocabulary)).toBe("the Azerbaijani-Israeli partnership");
    expect(joinLines(["lost one-", "fifth of its territory"], vocabulary)).toBe("lost one-fifth of its territory");
    expect(joinLines(["the 1992-", "1994 war"], vocabulary)).toBe("the 1992-1994 war");
    expect(joinLines(["its periphery—", "Greece and Cyprus"], vocabulary)).toBe("its periphery—Greece and Cyprus");
    expect(joinLines(["an ordinary", "line break"], vocabulary)).toBe("an ordinary line break");
    expect(joinLines(["a spaced dash -", "then more"], vocabulary)).toBe("a spaced dash - then more");
    expect(joinLines(["a soft secu\u00AD", "rity break"], new Set())).toBe("a soft security break");
  });

  it("decides by the paper's own words first, then by suffixes and compound heads", () => {
    expect(keepsHyphen("govern", "ment", new Set(["govern"]))).toBe(false);
    expect(keepsHyphen("full", "fledged", new Set())).toBe(true);
    expect(keepsHyphen("well", "proven", new Set(["wellproven"]))).toBe(false);
    expect(keepsHyphen("inter", "esting", new Set(["inter-esting"]))).toBe(true);
    expect(keepsHyphen("strat", "egy", new Set())).toBe(false);
    expect(keepsHyphen("ORGANI", "ZATION OF LABOUR", new Set())).toBe(false);
    expect(keepsHyphen("Inter", "national", new Set(["international"]))).toBe(false);
    expect(keepsHyphen("USA", "BASED", new Set(["usa"]))).toBe(true);
    expect(keepsHyphen("Azerbaijani", "Israeli", new Set())).toBe(true);
  });

  it("does not let a broken word's halves count as words of the paper", () => {
    expect(vocabularyOf([["the one-", "fifth part"]])).toEqual(new Set(["the", "part"]));
  });
});

describe("layout", () => {
  it("finds the title, headings by size or weight, paragraphs by space or indentation, and their pages", () => {
    const pages: PdfPage[] = [
      {
        number: 1,
        runs: [
          run("A Paper About Layout", 72, 780, { size: 18 }),
          run("Introduction", 72, 740, { size: 13 }),
          ...column(["The first paragraph sits on two lines of", "body text."], 72, 720),
          ...column(["A second paragraph follows after a gap and", "runs on to the next page, where it"], 72, 690),
        ],
      },
      {
        number: 2,
        runs: [
          ...column(["continues without a break.", "  An indented line starts a third paragraph", "and ends it here."], 72, 780),
          run("Method", 72, 740, { bold: true }),
          ...column(["The method is short and plain to read, like the", "rest of the body text on this page."], 72, 725),
        ],
      },
    ];
    const { text, title, blocks: items } = layoutPdf(pages);
    expect(title).toBe("A Paper About Layout");
    expect(headings(items)).toEqual(["Introduction", "Method"]);
    expect(paragraphs(items, text)).toEqual([
      "The first paragraph sits on two lines of body text.",
      "A second paragraph follows after a gap and runs on to the next page, where it continues without a break.",
      "An indented line starts a third paragraph and ends it here.",
      "The method is short and plain to read, like the rest of the body text on this page.",
    ]);
    expect(items.flatMap((i) => (i.kind === "paragraph" ? [i.page] : []))).toEqual([1, 1, 2, 2]);
    expect(text.startsWith("A Paper About Layout\n\nIntroduction\n\nThe first paragraph")).toBe(true);
  });

  it("keeps a list item whole across its hanging indent", () => {
    const runs = [
      ...column(["Some body text sets the usual spacing of the", "lines in this little document, which runs on", "for a few lines before its list:"], 72, 724),
      run("• Thread-safety. No global variables are used and", 72, 685),
      run("several handles may be used at once.", 84, 673),
      run("• Portability. The code runs on any system.", 72, 658),
    ];
    const { text, blocks: items } = layoutPdf([{ number: 1, runs }]);
    expect(paragraphs(items, text)).toEqual([
      "Some body text sets the usual spacing of the lines in this little document, which runs on for a few lines before its list:",
      "• Thread-safety. No global variables are used and several handles may be used at once.",
      "• Portability. The code runs on any system.",
    ]);
  });
});
