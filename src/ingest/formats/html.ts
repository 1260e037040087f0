/**
 * HTML papers: saved web pages and arXiv-style HTML articles. Mozilla's Readability (over a
 * linkedom DOM) keeps the main content and drops navigation, sidebars and footers; the article's
 * elements then become blocks. HTML spaces words freely, so the source that quotes map back to is
 * the text of those blocks, each run of white space read as one space.
 */
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { metaFrom } from "../metadata.js";
import type { ParsedPaper, RawBlock, RemovedMark } from "../assemble.js";
import type { BlockKind } from "../types.js";
import type { IngestLimits, TextFormat } from "./format.js";

/** The little of the DOM read here (the project compiles without the DOM library's types). */
interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
interface El extends DomNode {
  tagName: string;
  children: ArrayLike<El>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}
interface DomDocument {
  documentElement: El;
  body: El;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}

export function parseDom(html: string): DomDocument {
  return (parseHTML(html) as unknown as { document: DomDocument }).document;
}

const SKIPPED = new Set(["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "svg", "math", "pre", "code", "table", "img", "iframe", "object", "video", "audio", "select", "textarea"]);
const BLOCK_KIND: Record<string, BlockKind> = { p: "paragraph", li: "list item", figcaption: "caption", caption: "caption", dd: "paragraph", dt: "paragraph" };
const INLINE_NOTE = /(?:^|\s)(?:ltx_note_outer|ltx_note_content|sidenote|marginnote|footnote-content)(?:\s|$)/;
const FOOTNOTE_ID = /^(?:fn|footnote|endnote|note)[-:_]?(\w{1,10})$/i;
const FOOTNOTE_LINK = /#(?:fn|footnote|endnote|note)[-:_]?(\w{1,10})$/i;

/** Deepest element nesting, counted without recursion (a hostile page nests thousands deep). */
export function maxDepth(root: El): number {
  let deepest = 0;
  const stack: [El, number][] = [[root, 1]];
  while (stack.length) {
    const [el, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    for (const child of Array.from(el.children)) stack.push([child, depth + 1]);
  }
  return deepest;
}

export function checkDepth(root: El, limits: IngestLimits): void {
  const depth = maxDepth(root);
  if (depth > limits.maxHtmlDepth) throw new Error(`its elements nest ${depth} deep, more than the limit of ${limits.maxHtmlDepth} (MAX_HTML_DEPTH).`);
}

export function parseHtml(html: string, fallbackTitle: string, limits: IngestLimits): ParsedPaper {
  const document = parseDom(html);
  checkDepth(document.documentElement, limits);
  const data = metaTags(document);
  const article = new Readability(document as never, { charThreshold: 200 }).parse();
  const content = parseDom(`<!doctype html><html><body>${article?.content ?? ""}</body></html>`);
  if (!data.title && article?.title) data.title = article.title;
  if (!data.authors && article?.byline) data.authors = article.byline.replace(/^by\s+/i, "");
  if (!data.date && article?.publishedTime) data.date = article.publishedTime;
  let { blocks, source } = htmlBlocks(content.body);
  // A page too short or too plain for Readability to find an article is read whole, chrome skipped by its tags.
  if (blocks.length === 0) ({ blocks, source } = htmlBlocks(parseDom(html).body));
  // Readability titles the article; the same words as the first heading are the title, not a section.
  const first = blocks[0];
  if (first?.kind === "heading" && first.pieces[0]?.text === String(data.title ?? "").trim()) blocks.shift();
  return { meta: metaFrom(data, (data.title as string | undefined) ?? fallbackTitle), blocks, source };
}

/** The citation_* tags of scholarly pages (Highwire Press), Dublin Core, Open Graph and plain meta tags. */
function metaTags(document: DomDocument): Record<string, unknown> {
  const all = (names: string[]) =>
    names.flatMap((n) => Array.from(document.querySelectorAll(`meta[name="${n}" i], meta[property="${n}" i]`)).map((m) => m.getAttribute("content")?.trim() ?? "")).filter(Boolean);
  const one = (names: string[]) => all(names)[0];
  const data: Record<string, unknown> = {};
  const title = one(["citation_title", "dc.title", "og:title"]) ?? document.querySelector("title")?.textContent?.trim();
  if (title) data.title = title;
  const authors = all(["citation_author", "dc.creator", "author"]);
  if (authors.length) data.authors = authors;
  const date = one(["citation_publication_date", "citation_date", "dc.date", "article:published_time", "date"]);
  if (date) data.date = date;
  const doi = one(["citation_doi", "dc.identifier"]);
  if (doi && /10\.\d{4,}\//.test(doi)) data.doi = doi;
  const journal = one(["citation_journal_title"]);
  if (journal) data.journal = journal;
  const keywords = one(["citation_keywords", "keywords"]);
  if (keywords) data.keywords = keywords;
  return data;
}

/** An element tree's blocks: headings, paragraphs, list items, quotes and captions, footnotes apart. */
export function htmlBlocks(root: El): { blocks: RawBlock[]; source: string } {
  const source = new SourceText();
  const blocks: RawBlock[] = [];
  let seenBody = false;
  const push = (kind: BlockKind, el: El | El[], extra: Partial<RawBlock> = {}) => {
    const { text, marks } = inlineText(Array.isArray(el) ? el : [el]);
    if (!text) return;
    if (kind === "paragraph" || kind === "list item") seenBody = true;
    blocks.push({ kind, pieces: [{ text, source: source.add(text) }], marks, ...extra });
  };
  const walk = (el: El, inNotes: boolean) => {
    const tag = el.tagName.toLowerCase();
    if (SKIPPED.has(tag) || el.getAttribute("hidden") !== null || el.getAttribute("aria-hidden") === "true") return;
    const notes = inNotes || /\b(?:footnotes|endnotes)\b/i.test(`${el.getAttribute("class") ?? ""} ${el.getAttribute("role") ?? ""}`) || /^doc-(?:end|foot)notes$/.test(el.getAttribute("role") ?? "");
    const footnote = FOOTNOTE_ID.exec(el.getAttribute("id") ?? "");
    if (/^h[1-6]$/.test(tag)) return push("heading", el, { depth: Number(tag[1]) });
    if (tag === "li" && (notes || footnote)) return push("footnote", el, footnote ? { key: footnote[1]! } : {});
    if (tag === "blockquote") {
      const kind = seenBody ? "blockquote" : "epigraph";
      const paragraphs = Array.from(el.children).filter((c) => c.tagName.toLowerCase() === "p");
      if (paragraphs.length === 0) return push(kind, el);
      for (const p of paragraphs) push(kind, p);
      return;
    }
    const kind = BLOCK_KIND[tag];
    if (kind && !Array.from(el.children).some((c) => /^(?:p|ul|ol|div|blockquote|table)$/i.test(c.tagName))) return push(notes && tag === "p" ? "footnote" : kind, el);
    // A container: its child elements in order, with loose text between them read as a paragraph.
    let loose: El[] = [];
    const flush = () => {
      if (loose.length) push(notes ? "footnote" : "paragraph", loose);
      loose = [];
    };
    for (const node of Array.from(el.childNodes)) {
      if (node.nodeType === 1 && isBlock(node as El)) {
        flush();
        walk(node as El, notes);
      } else loose.push(node as El);
    }
    flush();
  };
  walk(root, false);
  return { blocks, source: source.text() };
}

const BLOCK_TAGS = /^(?:address|article|aside|blockquote|dd|details|dialog|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|ul|caption)$/i;

function isBlock(el: El): boolean {
  return BLOCK_TAGS.test(el.tagName) || SKIPPED.has(el.tagName.toLowerCase());
}

/** The words of some nodes, white space collapsed; footnote marks (a superscript or a link to a note) taken out as marks. */
function inlineText(nodes: El[]): { text: string; marks: RemovedMark[] } {
  let text = "";
  const marks: RemovedMark[] = [];
  const visit = (node: DomNode) => {
    if (node.nodeType === 3) {
      const words = (node.textContent ?? "").replace(/\s+/g, " ");
      text += text.endsWith(" ") || text === "" ? words.replace(/^ /, "") : words;
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as El;
    const tag = el.tagName.toLowerCase();
    if (SKIPPED.has(tag) && tag !== "code") return;
    // A note set inside the sentence (arXiv's LaTeXML, side notes) is not part of it.
    if (INLINE_NOTE.test(el.getAttribute("class") ?? "")) return;
    if (tag === "br") {
      if (!text.endsWith(" ")) text += " ";
      return;
    }
    const link = el.querySelector?.("a[href]") ?? (tag === "a" ? el : null);
    const note = FOOTNOTE_LINK.exec((tag === "a" ? el : link)?.getAttribute("href") ?? "");
    // Back-links from a note to where it is cited ("↑", "↩") are navigation.
    if (tag === "a" && /^#(?:fnref|footnote-ref|ref)/i.test(el.getAttribute("href") ?? "")) return;
    if ((tag === "sup" && (note || /^\s*[\d*†‡,\s]+\s*$/.test(el.textContent ?? ""))) || (tag === "a" && note && /^\s*\[?\d{1,3}\]?\s*$/.test(el.textContent ?? ""))) {
      marks.push({ at: text.replace(/\s+$/, "").length, kind: "footnote", key: note?.[1] ?? (el.textContent ?? "").trim() });
      text = text.replace(/\s+$/, "");
      return;
    }
    for (const child of Array.from(el.childNodes)) visit(child);
  };
  for (const n of nodes) visit(n);
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  return { text: trimmed, marks: marks.map((m) => ({ ...m, at: Math.min(trimmed.length, Math.max(0, m.at - lead)) })) };
}

/** The extracted text every block is placed in: blocks one after another, a blank line apart. */
class SourceText {
  private parts: string[] = [];
  private length = 0;

  add(text: string): number {
    const at = this.length === 0 ? 0 : this.length + 2;
    this.parts.push(text);
    this.length = at + text.length;
    return at;
  }

  text(): string {
    return this.parts.join("\n\n");
  }
}

export const html: TextFormat = {
  name: "html",
  extensions: [".html", ".htm", ".xhtml"],
  kind: "text",
  sniff: (head) => /^\s*(?:<!doctype html|<html\b)/i.test(head),
  parse: ({ text, fallbackTitle, limits }) => parseHtml(text, fallbackTitle, limits),
};
