/**
 * Markdown papers, through remark (micromark with GFM tables and footnotes, and YAML front matter),
 * which gives every node its source position, plus the habits of kramdown and Pandoc: headings
 * without a space after the `#`, `[@key]` citations, `{: .class}` attribute lists.
 */
import matter from "gray-matter";
import type { Blockquote, List, Nodes, Paragraph, PhrasingContent, Root, RootContent } from "mdast";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { metaFrom } from "../metadata.js";
import { normalizeText } from "../terms.js";
import type { ParsedPaper, RawBlock, RemovedMark } from "../assemble.js";
import { alignValue, cutPieces, type Piece, piecesText, slicePieces, trimPieces } from "../source-map.js";
import type { TextFormat } from "./format.js";
import { bylineOf } from "../byline.js";

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ["yaml"]);

/** "##1. Introduction": kramdown and Pandoc read it as a heading, CommonMark does not. */
const UNSPACED_HEADING = /^(#{1,6})(?=[^\s#])([^\n]{1,200}?)\s*#*\s*$/;
/** Pandoc citations: "[@priem_2010]", "[see @a, p. 3; @b]"; and footnote marks no definition turned into links. */
const PANDOC_CITE = /\s*\[[^[\]]*?-?@[\p{L}\p{N}_][^[\]]*\]/gu;
const CITE_KEY = /-?@([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_])/gu;
const STRAY_FOOTNOTE = /\[\^([^\]\s]{1,20})\]/g;
/** Emphasis marks the parser could not pair (`*“A quote.”*` is not emphasis to CommonMark): a run of them at a word's edge. */
const STRAY_EMPHASIS = /(?<=\S)[*_]+(?=\s|$|[.,;:!?)\]”’"'])|(?<=^|[\s(\[“‘"'])[*_]+(?=\S)/g;
const ATTRIBUTE_LIST = /\s*\{[:#.][^}]*\}\s*$/;
const CAPTION_START = /^(?:fig(?:ure)?|table|chart|plate|exhibit)\.?\s*\d/i;
/** A row of a Pandoc simple or multiline table: cells apart by three spaces or more, which prose never has. */
export const TABLE_ROW = /\S {3,}\S/;

export function parseMarkdown(text: string, fallbackTitle: string): ParsedPaper {
  const tree = processor.parse(text) as Root;
  const reader = new MarkdownReader(text);
  let data: Record<string, unknown> = {};
  for (const node of tree.children) {
    if (node.type === "yaml") {
      data = frontMatter(text);
      if (typeof data.title === "string" || typeof data.title === "number") reader.frontTitle = String(data.title);
      reader.abstract(data, node.position!.start.offset!, node.position!.end.offset!);
    } else reader.flow(node);
  }
  // A paper without front matter names its authors on the line under its title, as a plain text one does.
  const [first] = reader.blocks;
  const byline = reader.title !== undefined && !data.authors && !data.author && first?.kind === "paragraph" ? bylineOf(piecesText(first.pieces)) : undefined;
  if (byline) data = { ...data, authors: byline.authors, ...(data.year === undefined && byline.year ? { year: byline.year } : {}) };
  return { meta: metaFrom(data, reader.title ?? fallbackTitle), blocks: byline ? reader.blocks.slice(1) : reader.blocks };
}

function frontMatter(text: string): Record<string, unknown> {
  try {
    const data: unknown = matter(text).data;
    return data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch (err) {
    throw new Error(`its front matter is not valid YAML (${(err as Error).message.split("\n", 1)[0]}).`);
  }
}

interface Inline {
  pieces: Piece[];
  marks: RemovedMark[];
}

class MarkdownReader {
  readonly blocks: RawBlock[] = [];
  title: string | undefined;
  /** Whether a body paragraph has been read: a block quote before any is the paper's epigraph. */
  private seenBody = false;

  /** The title the front matter gives, if any. */
  frontTitle: string | undefined;

  constructor(private readonly text: string) {}

  /** The front matter's abstract, placed onto its lines of the front matter, one block per paragraph. */
  abstract(data: Record<string, unknown>, from: number, to: number): void {
    if (typeof data.abstract !== "string") return;
    const key = /^abstract\s*:/m.exec(this.text.slice(from, to));
    let at = key ? from + key.index + key[0].length : from;
    for (const paragraph of data.abstract.split(/\n\s*\n/)) {
      const pieces = alignValue(paragraph.trim(), this.text, at, to);
      if (pieces.length === 0) continue;
      const last = pieces.at(-1)!;
      at = last.source + last.text.length;
      this.blocks.push({ kind: "abstract", pieces });
    }
  }

  flow(node: RootContent | Nodes): void {
    switch (node.type) {
      case "heading": {
        const { pieces, marks } = this.inline(node.children);
        const title = withoutAttributes(pieces);
        // The first `#` heading is the title, unless the front matter names another one: then it is a section.
        const named = this.frontTitle === undefined || normalizeText(this.frontTitle).trim() === normalizeText(piecesText(title)).trim();
        if (node.depth === 1 && this.title === undefined && !this.seenBody && named) this.title = piecesText(title);
        else this.blocks.push({ kind: "heading", depth: node.depth, pieces: title, marks });
        return;
      }
      case "paragraph":
        this.paragraph(node);
        return;
      case "blockquote":
        this.blockquote(node);
        return;
      case "list":
        this.list(node);
        return;
      case "footnoteDefinition": {
        const { pieces, marks } = this.joined(node.children);
        this.blocks.push({ kind: "footnote", key: node.label ?? node.identifier, pieces, marks });
        return;
      }
      default:
        // Tables, code, HTML blocks, link definitions and rules have no sentences to quote.
        return;
    }
  }

  private paragraph(node: Paragraph): void {
    const start = node.position!.start.offset!;
    if (TABLE_ROW.test(this.text.slice(start, node.position!.end.offset!))) return;
    const inline = this.inline(node.children);
    const lineEnd = this.text.indexOf("\n", start);
    const firstLine = this.text.slice(start, lineEnd < 0 || lineEnd > node.position!.end.offset! ? node.position!.end.offset! : lineEnd);
    const unspaced = UNSPACED_HEADING.exec(firstLine);
    if (unspaced) {
      const cut = start + firstLine.length;
      const headingPieces = inline.pieces.filter((p) => p.source < cut);
      const hashes = unspaced[1]!.length;
      this.blocks.push({ kind: "heading", depth: hashes, pieces: withoutAttributes(slicePieces(headingPieces, hashes)) });
      const restAt = piecesText(headingPieces).length;
      const rest = slicePieces(inline.pieces, restAt);
      if (piecesText(rest).trim()) this.body("paragraph", { pieces: rest, marks: inline.marks.filter((m) => m.at >= restAt).map((m) => ({ ...m, at: m.at - restAt })) });
      return;
    }
    const only = node.children.length === 1 ? node.children[0]! : undefined;
    if (only && (only.type === "image" || only.type === "imageReference")) {
      const alt = only.alt?.trim();
      if (alt) this.blocks.push({ kind: "caption", pieces: alignValue(alt, this.text, only.position!.start.offset!, only.position!.end.offset!) });
      return;
    }
    this.body(CAPTION_START.test(piecesText(inline.pieces).trimStart()) ? "caption" : "paragraph", inline);
  }

  private body(kind: "paragraph" | "caption", inline: Inline): void {
    this.seenBody = true;
    this.blocks.push({ kind, ...inline });
  }

  /** Quoted paragraphs; before the body, the epigraph, its attribution ("<small>Charles Darwin</small>", "— Darwin") a block of its own. */
  private blockquote(node: Blockquote): void {
    const kind = this.seenBody ? "blockquote" : "epigraph";
    for (const child of node.children) {
      if (child.type !== "paragraph") {
        if (child.type === "blockquote" || child.type === "list") this.flow(child);
        continue;
      }
      let part: PhrasingContent[] = [];
      const flush = () => {
        const inline = this.inline(part);
        if (piecesText(inline.pieces).trim()) this.blocks.push({ kind, ...inline });
        part = [];
      };
      for (const c of child.children) {
        if (c.type === "html" && /^<(?:br|small|cite)\b/i.test(c.value)) flush();
        part.push(c);
      }
      flush();
    }
  }

  private list(node: List): void {
    node.children.forEach((item, i) => {
      const own = item.children.filter((c) => c.type !== "list");
      const inline = this.joined(own);
      if (piecesText(inline.pieces).trim()) {
        this.seenBody = true;
        // A numbered list's numbers are not in its words; a reference list is cited by them ("[3]").
        this.blocks.push({ kind: "list item", ...inline, ...(node.ordered ? { key: String((node.start ?? 1) + i) } : {}) });
      }
      for (const nested of item.children) if (nested.type === "list") this.list(nested);
    });
  }

  /** The paragraphs of a container as one block's reading text. */
  private joined(children: RootContent[]): Inline {
    const out: Inline = { pieces: [], marks: [] };
    for (const child of children) {
      if (child.type !== "paragraph" && child.type !== "heading") continue;
      const inline = this.inline(child.children);
      const offset = piecesText(out.pieces).length + (out.pieces.length ? 1 : 0);
      if (out.pieces.length) out.pieces.push({ text: " ", source: child.position!.start.offset! - 1 });
      out.pieces.push(...inline.pieces);
      out.marks.push(...inline.marks.map((m) => ({ ...m, at: m.at + offset })));
    }
    return out;
  }

  /** Phrasing content as reading text: link text kept, URLs, emphasis marks, images and inline HTML dropped, cite keys and footnote marks taken out as marks. */
  private inline(nodes: PhrasingContent[]): Inline {
    const out: Inline = { pieces: [], marks: [] };
    let length = 0;
    let inSuperscript = false;
    const push = (pieces: Piece[]) => {
      for (const p of pieces) {
        out.pieces.push(p);
        length += p.text.length;
      }
    };
    const visit = (node: PhrasingContent) => {
      const { start, end } = { start: node.position?.start.offset ?? 0, end: node.position?.end.offset ?? 0 };
      switch (node.type) {
        case "text":
          if (!inSuperscript) push(this.withoutKeys(alignValue(node.value, this.text, start, end), length, out.marks));
          return;
        case "inlineCode":
          push(alignValue(node.value, this.text, start, end));
          return;
        case "break":
          push([{ text: " ", source: start }]);
          return;
        case "footnoteReference":
          out.marks.push({ at: length, kind: "footnote", key: node.label ?? node.identifier });
          return;
        case "html":
          // A superscript is a footnote number set by hand; a line break still separates words.
          if (/^<sup\b/i.test(node.value)) inSuperscript = true;
          else if (/^<\/sup>/i.test(node.value)) inSuperscript = false;
          else if (/^<br\b/i.test(node.value)) push([{ text: " ", source: start }]);
          return;
        case "image":
        case "imageReference":
          return;
        default:
          if ("children" in node) for (const child of node.children) visit(child);
      }
    };
    for (const node of nodes) visit(node);
    return out;
  }

  /** Pandoc `[@key]` groups and undefined `[^n]` marks out of a text node's pieces, recorded as marks; stray emphasis marks dropped. */
  private withoutKeys(pieces: Piece[], offset: number, marks: RemovedMark[]): Piece[] {
    const text = piecesText(pieces);
    const cuts: { start: number; end: number; marks: Omit<RemovedMark, "at">[] }[] = [];
    for (const m of text.matchAll(PANDOC_CITE)) {
      const keys = [...m[0].matchAll(CITE_KEY)].map((k) => ({ kind: "key" as const, key: k[1]! }));
      cuts.push({ start: m.index!, end: m.index! + m[0].length, marks: keys });
    }
    for (const m of text.matchAll(STRAY_FOOTNOTE)) cuts.push({ start: m.index!, end: m.index! + m[0].length, marks: [{ kind: "footnote", key: m[1]! }] });
    for (const m of text.matchAll(STRAY_EMPHASIS)) {
      // An escaped mark (\*) is the author's own character, not markup.
      const at = slicePieces(pieces, m.index!, m.index! + 1)[0]!.source;
      if (this.text[at - 1] !== "\\") cuts.push({ start: m.index!, end: m.index! + m[0].length, marks: [] });
    }
    if (cuts.length === 0) return pieces;
    cuts.sort((a, b) => a.start - b.start);
    // A stray mark inside a cite group already cut goes with it.
    for (let i = cuts.length - 1; i > 0; i--) if (cuts[i]!.start < cuts[i - 1]!.end) cuts.splice(i, 1);
    let removed = 0;
    for (const cut of cuts) {
      for (const mark of cut.marks) marks.push({ ...mark, at: offset + cut.start - removed });
      removed += cut.end - cut.start;
    }
    return cutPieces(pieces, cuts);
  }
}

function withoutAttributes(pieces: Piece[]): Piece[] {
  const text = piecesText(pieces);
  const m = ATTRIBUTE_LIST.exec(text);
  return trimPieces(m ? slicePieces(pieces, 0, m.index) : pieces);
}

export const markdown: TextFormat = {
  name: "markdown",
  extensions: [".md", ".markdown", ".mdown", ".mkd"],
  kind: "text",
  parse: ({ text, fallbackTitle }) => parseMarkdown(text, fallbackTitle),
};
