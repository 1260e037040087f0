/**
 * Layout analysis for PDFs: positioned text runs (as pdfjs reports them) become a paper's text in
 * reading order, with its title, headings, paragraphs and pages. Pure, with no pdfjs in sight, so
 * every rule can be tested on hand-made pages.
 */
import type { RawBlock } from "./assemble.js";

/** A run of text as drawn on a page, in PDF points; y is the baseline and grows upwards. */
export interface TextRun {
  str: string;
  x: number;
  y: number;
  width: number;
  fontSize: number;
  bold: boolean;
}

export interface PdfPage {
  /** 1-based position in the file. */
  number: number;
  runs: TextRun[];
}

export interface PdfLayout {
  /** The cleaned text: blocks (title, headings, paragraphs) separated by blank lines. */
  text: string;
  /** The first page's largest heading, when it is bigger than every other heading. */
  title?: string;
  /** Headings and paragraphs, each one piece of `text`. */
  blocks: RawBlock[];
}

/** Runs on the same row, or on one line of one column after merging. */
export interface Fragment {
  page: number;
  text: string;
  x0: number;
  x1: number;
  /** Baseline of the run carrying most of the text (superscripts sit a little higher). */
  y: number;
  fontSize: number;
  bold: boolean;
}

/** A column of text on one page: the left edge shows indentation, the right edge short lines. */
interface Flow {
  left: number;
  right: number;
}

interface Line extends Fragment {
  flow: Flow;
}

interface TextBlock {
  kind: "title" | "heading" | "paragraph";
  lines: Line[];
}

// Tolerances in ems of the font size, so they hold for any type size.
/** Baselines closer than this are one row: superscripts and subscripts shift by about a third of an em. */
const SAME_ROW_EM = 0.4;
/** A horizontal gap wider than this separates columns; word spaces stay well below it, even when justified. */
const COLUMN_GAP_EM = 1;
/** A gap this wide between two runs is a space the PDF did not draw as a character. */
const WORD_GAP_EM = 0.15;
/** How far in a first line must start to count as indented. */
const INDENT_EM = 0.6;
/** A line ending this far before its column's right edge is the last of its paragraph. */
const SHORT_LINE_EM = 2;
/** Headings set in a bigger type are at least this much bigger than the body. */
const HEADING_SCALE = 1.15;
/** More space than this times the usual line spacing between two lines starts a new paragraph (a few points of space after a paragraph are enough). */
const PARAGRAPH_GAP = 1.2;
/** Headings are short: a long line in big type is a paragraph set large (an abstract, a pull quote). */
const MAX_HEADING_LENGTH = 200;
const MAX_HEADING_LINES = 4;
/** How list items start: a bullet or dash, or "1.", "(a)", "iv)". */
const LIST_MARKER = /^(?:[•◦▪‣∙*–-]|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])\s/u;
/** Running headers and footers sit on the first or last rows of a page. */
const EDGE_ROWS = 2;

export function layoutPdf(pages: PdfPage[]): PdfLayout {
  const { body, furniture } = splitFurniture(pages.map(fragmentsOf));
  const label = pageLabeler(furniture);
  return assemble(blocksOf(body.flatMap(readingOrder)), label);
}

/** One page's runs grouped into rows, each row cut where a gap is wide enough to separate columns. */
export function fragmentsOf(page: PdfPage): Fragment[] {
  const runs = page.runs.filter((r) => r.str.trim() !== "" && r.fontSize > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: TextRun[][] = [];
  for (const run of runs) {
    const row = rows.at(-1);
    if (row && Math.abs(row[0]!.y - run.y) <= SAME_ROW_EM * Math.max(row[0]!.fontSize, run.fontSize)) row.push(run);
    else rows.push([run]);
  }
  return rows.flatMap((row) => splitAtGaps(row.sort((a, b) => a.x - b.x)).map((part) => fragmentOf(page.number, part)));
}

function splitAtGaps(row: TextRun[]): TextRun[][] {
  const parts: TextRun[][] = [];
  let end = -Infinity;
  for (const run of row) {
    if (parts.length && run.x - end <= COLUMN_GAP_EM * run.fontSize) parts.at(-1)!.push(run);
    else {
      parts.push([run]);
      end = -Infinity;
    }
    end = Math.max(end, run.x + run.width);
  }
  return parts;
}

function fragmentOf(page: number, runs: TextRun[]): Fragment {
  const main = runs.reduce((a, b) => (b.str.length > a.str.length ? b : a));
  const chars = runs.reduce((n, r) => n + r.str.length, 0);
  const boldChars = runs.reduce((n, r) => n + (r.bold ? r.str.length : 0), 0);
  return {
    page,
    text: joinRuns(runs),
    x0: runs[0]!.x,
    x1: Math.max(...runs.map((r) => r.x + r.width)),
    y: main.y,
    fontSize: main.fontSize,
    bold: boldChars * 2 > chars,
  };
}

/** Runs in x order as one string: PDFs often position words instead of drawing the space between them. */
function joinRuns(runs: { str: string; x: number; width: number; fontSize: number }[]): string {
  let text = "";
  let end = -Infinity;
  for (const run of runs) {
    if (text && !/\s$/.test(text) && !/^\s/.test(run.str) && run.x - end > WORD_GAP_EM * run.fontSize) text += " ";
    text += run.str;
    end = Math.max(end, run.x + run.width);
  }
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Page furniture: running headers and footers (the same text at the top or bottom of several pages,
 * page numbers aside) and bare page numbers. They would otherwise land in the middle of paragraphs.
 */
export function splitFurniture(pages: Fragment[][]): { body: Fragment[][]; furniture: Fragment[][] } {
  const edges = pages.map(edgeFragments);
  const pagesWith = new Map<string, number>();
  for (const edge of edges) for (const sig of new Set([...edge].map((f) => signature(f.text)))) pagesWith.set(sig, (pagesWith.get(sig) ?? 0) + 1);
  const isFurniture = (f: Fragment, edge: Set<Fragment>) => edge.has(f) && (isPageNumber(f.text) || (pagesWith.get(signature(f.text)) ?? 0) >= 2);
  return {
    body: pages.map((frags, i) => frags.filter((f) => !isFurniture(f, edges[i]!))),
    furniture: pages.map((frags, i) => frags.filter((f) => isFurniture(f, edges[i]!))),
  };
}

function edgeFragments(frags: Fragment[]): Set<Fragment> {
  const rows = [...new Set(frags.map((f) => f.y))].sort((a, b) => b - a);
  const edgeRows = new Set([...rows.slice(0, EDGE_ROWS), ...rows.slice(-EDGE_ROWS)]);
  return new Set(frags.filter((f) => edgeRows.has(f.y)));
}

/** Headers repeat with the page number changing at one end: "426 E. Souleimanov et al." matches "428 E. Souleimanov et al.". */
function signature(text: string): string {
  return text.toLowerCase().replace(/^\d+\b|\b\d+$/g, "#");
}

function isPageNumber(text: string): boolean {
  return /^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i.test(text) || /^[ivxlc]{1,7}$/i.test(text);
}

/**
 * Page numbers as printed, which is what a reader cites: the number that the furniture shows at a
 * steady offset from the page's position on most pages. Otherwise the page's position in the file.
 * Pages before the printed count starts (a cover, front matter) have no number to cite.
 */
export function pageLabeler(furniture: Fragment[][]): (page: number) => number | undefined {
  const votes = new Map<number, Set<number>>();
  for (const frags of furniture) {
    for (const f of frags) {
      const printed = /^(?:page\s+)?(\d{1,4})\b|\b(\d{1,4})$/i.exec(f.text);
      const n = Number(printed?.[1] ?? printed?.[2]);
      if (printed && n > 0) votes.set(n - f.page, (votes.get(n - f.page) ?? new Set()).add(f.page));
    }
  }
  const [offset, pages] = [...votes].sort((a, b) => b[1].size - a[1].size)[0] ?? [0, new Set()];
  const steady = pages.size >= Math.min(2, furniture.length) && pages.size * 2 >= furniture.length;
  return (page) => (steady ? (page + offset >= 1 ? page + offset : undefined) : page);
}

/**
 * One page's fragments in reading order, merged into lines. A page with two columns is read
 * column by column; text spanning both (a title, a wide figure) is read where it stands and
 * cuts the page into bands, each read left column first.
 */
export function readingOrder(frags: Fragment[]): Line[] {
  const rows = [...frags].sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const gutter = findGutter(rows);
  if (gutter === undefined) {
    const flow = flowOf(rows);
    return mergeRows(rows, () => flow);
  }
  const side = (f: Fragment) => (f.x1 <= gutter ? "left" : f.x0 >= gutter ? "right" : "span");
  const flowOfSide = (s: ReturnType<typeof side>) => flowOf(rows.filter((f) => side(f) === s));
  const flows = { left: flowOfSide("left"), right: flowOfSide("right"), span: flowOfSide("span") };
  const ordered: Fragment[] = [];
  let band: Fragment[] = [];
  const flush = () => {
    ordered.push(...band.filter((f) => side(f) === "left"), ...band.filter((f) => side(f) === "right"));
    band = [];
  };
  for (const f of rows) {
    if (side(f) !== "span") band.push(f);
    else {
      flush();
      ordered.push(f);
    }
  }
  flush();
  return mergeRows(ordered, (f) => flows[side(f)]);
}

/** Where a page with two columns splits: an x that many fragments end before and many start after. */
export function findGutter(frags: Fragment[]): number | undefined {
  if (frags.length === 0) return undefined;
  const left = Math.min(...frags.map((f) => f.x0));
  const right = Math.max(...frags.map((f) => f.x1));
  const needed = Math.max(3, frags.length * 0.2);
  let best: { x: number; score: number } | undefined;
  for (const candidate of frags) {
    const x = candidate.x1 + 0.5;
    if (x < left + 0.3 * (right - left) || x > left + 0.7 * (right - left)) continue;
    const score = Math.min(frags.filter((f) => f.x1 <= x).length, frags.filter((f) => f.x0 >= x).length);
    if (score >= needed && (!best || score > best.score)) best = { x, score };
  }
  return best?.x;
}

/** The column's edges: most lines start at the left edge (first lines may be indented), the longest reach the right. */
function flowOf(frags: Fragment[]): Flow {
  const starts = new Map<number, number>();
  for (const f of frags) starts.set(Math.round(f.x0), (starts.get(Math.round(f.x0)) ?? 0) + 1);
  const [left] = [...starts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [0];
  return { left, right: Math.max(...frags.map((f) => f.x1)) };
}

/** Fragments of one column on the same row (a justified line cut at a wide space) become one line. */
function mergeRows(frags: Fragment[], flowFor: (f: Fragment) => Flow): Line[] {
  const lines: Line[] = [];
  for (const f of frags) {
    const last = lines.at(-1);
    if (last && last.flow === flowFor(f) && last.page === f.page && Math.abs(last.y - f.y) <= SAME_ROW_EM * f.fontSize) {
      Object.assign(last, { text: `${last.text} ${f.text}`, x1: Math.max(last.x1, f.x1) });
    } else lines.push({ ...f, flow: flowFor(f) });
  }
  return lines;
}

interface Style {
  fontSize: number;
  bold: boolean;
}

const styleKey = (s: Style) => `${Math.round(s.fontSize * 2) / 2}${s.bold ? "b" : ""}`;

/** Lines in reading order cut into titled blocks: headings by their type, paragraphs by space, indentation and short lines. */
export function blocksOf(lines: Line[]): TextBlock[] {
  const body = bodyStyle(lines);
  const leading = usualLeading(lines, body);
  const groups: Line[][] = [];
  lines.forEach((line, i) => {
    const prev = groups.at(-1)?.at(-1);
    if (prev && !startsBlock(prev, line, lines[i + 1], body, leading)) groups.at(-1)!.push(line);
    else groups.push([line]);
  });
  const blocks: TextBlock[] = groups.map((g) => ({ kind: isHeading(g, body) ? "heading" : "paragraph", lines: g }));
  const headings = blocks.filter((b) => b.kind === "heading");
  const title = headings.filter((b) => b.lines[0]!.page === 1).reduce<TextBlock | undefined>((a, b) => (a && a.lines[0]!.fontSize >= b.lines[0]!.fontSize ? a : b), undefined);
  if (title && headings.every((b) => b === title || b.lines[0]!.fontSize < title.lines[0]!.fontSize)) title.kind = "title";
  return blocks;
}

/** The body text's type: the size and weight that carry most characters. */
function bodyStyle(lines: Line[]): Style {
  const chars = new Map<string, { style: Style; n: number }>();
  for (const l of lines) {
    const entry = chars.get(styleKey(l)) ?? { style: { fontSize: l.fontSize, bold: l.bold }, n: 0 };
    entry.n += l.text.length;
    chars.set(styleKey(l), entry);
  }
  return [...chars.values()].sort((a, b) => b.n - a.n)[0]?.style ?? { fontSize: 0, bold: false };
}

/** The distance between baselines inside body paragraphs (the median, so paragraph gaps do not count). */
function usualLeading(lines: Line[], body: Style): number {
  const deltas = lines
    .slice(1)
    .flatMap((l, i) => {
      const prev = lines[i]!;
      const delta = prev.y - l.y;
      const inBody = styleKey(prev) === styleKey(body) && styleKey(l) === styleKey(body);
      return inBody && prev.flow === l.flow && prev.page === l.page && delta > 0 && delta < 3 * body.fontSize ? [delta] : [];
    })
    .sort((a, b) => a - b);
  return deltas[Math.floor(deltas.length / 2)] ?? 1.2 * body.fontSize;
}

function isHeadingStyle(style: Style, body: Style): boolean {
  return style.fontSize >= HEADING_SCALE * body.fontSize || (style.bold && !body.bold && style.fontSize >= body.fontSize * 0.95);
}

function isHeading(lines: Line[], body: Style): boolean {
  const text = lines.map((l) => l.text).join(" ");
  // Dot leaders mark a table of contents, whose entries repeat the headings in the same type.
  const contentsEntry = /(?:\.\s?){4}/.test(text);
  return isHeadingStyle(lines[0]!, body) && lines.length <= MAX_HEADING_LINES && text.length <= MAX_HEADING_LENGTH && !/[,;]$/.test(text) && !contentsEntry;
}

function startsBlock(prev: Line, line: Line, next: Line | undefined, body: Style, leading: number): boolean {
  if (styleKey(prev) !== styleKey(line)) return true;
  const indented = (l: Line) => l.x0 - l.flow.left > INDENT_EM * l.fontSize;
  const short = (l: Line) => l.flow.right - l.x1 > SHORT_LINE_EM * l.fontSize;
  const sameStart = (a: Line, b: Line) => Math.abs(a.x0 - b.x0) <= 1;
  // A first line is indented alone; a line after a list marker, or followed by lines starting where
  // it does, is a list item's hanging indent.
  const hanging = (LIST_MARKER.test(prev.text) && !short(prev)) || (next !== undefined && next.flow === line.flow && sameStart(next, line) && !short(line));
  // Headings are often centred, so only running text says anything by its indentation.
  if (!isHeadingStyle(line, body) && indented(line) && !hanging && (!indented(prev) || !sameStart(prev, line) || short(prev))) return true;
  if (prev.flow === line.flow && prev.page === line.page && prev.y > line.y) {
    const spacing = styleKey(line) === styleKey(body) ? leading : 1.2 * line.fontSize;
    return prev.y - line.y > PARAGRAPH_GAP * spacing;
  }
  // A paragraph runs on into the next column or page, unless its last line closed a sentence and left room.
  return short(prev) && /[.!?:]["'”’)\]]*$/.test(prev.text);
}

function assemble(blocks: TextBlock[], label: (page: number) => number | undefined): PdfLayout {
  const lineTexts = blocks.map((b) => b.lines.map((l) => l.text));
  const vocabulary = vocabularyOf(lineTexts);
  let text = "";
  let title: string | undefined;
  const out: RawBlock[] = [];
  blocks.forEach((block, i) => {
    const content = joinLines(lineTexts[i]!, vocabulary);
    if (text) text += "\n\n";
    const pieces = [{ text: content, source: text.length }];
    text += content;
    if (block.kind === "title") title = content;
    else if (block.kind === "heading") out.push({ kind: "heading", depth: 2, pieces });
    else {
      const page = label(block.lines[0]!.page);
      out.push({ kind: "paragraph", pieces, ...(page !== undefined ? { page } : {}) });
    }
  });
  return { text, ...(title !== undefined ? { title } : {}), blocks: out };
}

const WORD = /\p{L}+(?:[-\u2010]\p{L}+)*/gu;
/** A hyphen right after a letter or digit; a dash after a space ("word -") is punctuation, not a break. */
const HYPHEN_AT_END = /([\p{L}\p{N}]+)[-\u2010\u00AD]$/u;

/** Every word of the paper, except the halves of words broken at line ends, which would otherwise vouch for themselves. */
export function vocabularyOf(blocks: string[][]): Set<string> {
  const words = new Set<string>();
  for (const lines of blocks) {
    lines.forEach((line, i) => {
      let tokens: string[] = line.match(WORD) ?? [];
      if (i > 0 && HYPHEN_AT_END.test(lines[i - 1]!)) tokens = tokens.slice(1);
      if (i < lines.length - 1 && HYPHEN_AT_END.test(line)) tokens = tokens.slice(0, -1);
      for (const t of tokens) words.add(t.toLowerCase());
    });
  }
  return words;
}

/** The lines of one block as running text: a space between lines, none where a word or compound was broken across them. */
export function joinLines(lines: string[], vocabulary: ReadonlySet<string>): string {
  let text = lines[0] ?? "";
  for (const line of lines.slice(1)) {
    const broken = HYPHEN_AT_END.exec(text);
    if (broken) text = (text.endsWith("\u00AD") || !keepsHyphen(broken[1]!, line, vocabulary) ? text.slice(0, -1) : text) + line;
    // An unspaced dash ("periphery—Greece") may be broken on either side.
    else if (/\p{L}[—–]$/u.test(text) || (/\p{L}$/u.test(text) && /^[—–]\p{L}/u.test(line))) text += line;
    else text += ` ${line}`;
  }
  return text;
}

/** Endings that only ever follow a word broken by hyphenation ("govern-ment", "obtain-ing"), never start a compound's second half. */
const SUFFIX = /^(?:ing|ings|ed|ly|tions?|sions?|ments?|ness|ity|ities|ance|ence|able|ible|ally|al|ous|ive|ers?|est|isms?|ists?|i[sz]ed?|ful)$/;
/** Words that mostly begin compounds, so a line ending in one of them with a hyphen keeps it ("full-fledged", "self-reliance"). */
const COMPOUND_HEADS = new Set(["self", "non", "anti", "well", "full", "half", "quasi"]);

/**
 * Whether a hyphen at a line end belongs to the text ("Azerbaijani-Israeli", "one-fifth") or only
 * broke a word ("secu-rity"). The paper's own words decide first: a word seen whole elsewhere was
 * broken, a compound seen hyphenated elsewhere was not. Failing both, a suffix after the hyphen
 * means a broken word, and a first half that is a word of its own ("one-") starts a compound.
 * Before a capital or a digit the hyphen stays, unless the whole word is set in capitals.
 */
export function keepsHyphen(head: string, next: string, vocabulary: ReadonlySet<string>): boolean {
  // A word set in capitals ("ORGANI-" "ZATION") breaks the same way as one in lower case.
  const capitals = /^\p{Lu}{2,}$/u.test(head);
  const tail = (capitals ? /^\p{Lu}+(?![\p{Ll}])/u : /^\p{Ll}+/u).exec(next)?.[0]?.toLowerCase();
  if (!tail || !/^\p{L}+$/u.test(head)) return true;
  const lower = head.toLowerCase();
  if (vocabulary.has(lower + tail)) return false;
  if (vocabulary.has(`${lower}-${tail}`)) return true;
  if (SUFFIX.test(tail)) return false;
  return COMPOUND_HEADS.has(lower) || (lower.length >= 3 && vocabulary.has(lower));
}
