/**
 * What every format parser hands over: the paper's metadata and its blocks in reading order, each
 * with its kind and its reading text as pieces of the source. `assemble` turns them into a
 * document: reading text and its source map, sections of quotable paragraphs, references and cites.
 */
import { findCiteMarks } from "./cite-marks.js";
import { authorDate, keyParts, looksLikeReference, matchReference, parseReference } from "./references.js";
import { piecesText, type Piece, ReadingText, slicePieces, trimPieces } from "./source-map.js";
import { type BlockKind, type CiteMark, type DocumentBlock, type PaperMeta, type Paragraph, QUOTABLE_KINDS, type Reference, type Section } from "./types.js";

/** A citation mark the parser took out of the words: a footnote mark or a Pandoc key. `at` is an offset into the block's reading text. */
export interface RemovedMark {
  at: number;
  kind: "footnote" | "key";
  key: string;
}

export interface RawBlock {
  kind: BlockKind;
  pieces: Piece[];
  /** Headings: 1 for a title-level heading, 2 and more for sections. */
  depth?: number;
  page?: number;
  ocr?: boolean;
  /** A footnote definition's label; an ordered list item's number. */
  key?: string;
  marks?: RemovedMark[];
}

export interface ParsedPaper {
  meta: Omit<PaperMeta, "id">;
  blocks: RawBlock[];
  /** For formats whose text is extracted (PDF, HTML, Word): that text, which the pieces' offsets index. */
  source?: string;
}

export interface AssembledText {
  text: string;
  sourceMap: string;
  blocks: DocumentBlock[];
  sections: Section[];
  references: Reference[];
  cites: CiteMark[];
}

/** Paragraphs before the first heading belong to a section of this name. */
export const OPENING_SECTION = "Opening";
export const EPIGRAPH_SECTION = "Epigraph";
export const ABSTRACT_SECTION = "Abstract";
/** A paper's notes that say something of their own are quoted from a section of this name, after the rest. */
export const NOTES_SECTION = "Notes";

/** Headings of reference lists, numbered or not ("7 References", "Works Cited"). */
const REFERENCES_HEADING = /^(?:[\dIVX]+(?:\.\d+)*\.?\s+)?(?:references?(?:\s+list)?|bibliography|works\s+cited|literature(?:\s+cited)?|cited\s+literature|sources|(?:further|suggested|recommended)\s+reading)\s*:?$/i;
const NOTES_HEADING = /^(?:[\dIVX]+(?:\.\d+)*\.?\s+)?(?:notes|endnotes|footnotes)\s*:?$/i;
/** A section this much made of entries shaped like references is a reference list, whatever its heading. */
const REFERENCE_SHARE = 0.6;
const MIN_REFERENCE_ENTRIES = 3;

interface Group {
  heading?: RawBlock;
  title: string;
  blocks: RawBlock[];
}

export function assemble(parsed: ParsedPaper): AssembledText {
  const groups = groupBlocks(parsed.blocks.map(trimBlock).filter((b) => b.pieces.length > 0));
  const reading = new ReadingText();
  const blocks: DocumentBlock[] = [];
  const sections: Section[] = [];
  const references: Reference[] = [];
  const removed: { at: number; mark: RemovedMark }[] = [];
  const quotable: { start: number; end: number }[] = [];
  const notes: Paragraph[] = [];
  for (const group of groups) {
    const backMatter = backMatterKind(group);
    if (backMatter === "reference") group.blocks = group.blocks.flatMap(splitEntries);
    const add = (b: RawBlock, kind: BlockKind) => {
      const span = reading.addBlock(b.pieces);
      blocks.push({ kind, ...span });
      for (const mark of b.marks ?? []) removed.push({ at: span.start + mark.at, mark });
      return span;
    };
    if (group.heading) add(group.heading, "heading");
    let section: Section | undefined;
    for (const b of group.blocks) {
      // Tables and code have no sentences to quote, and no place in the reading text.
      if (b.kind === "table" || b.kind === "code") continue;
      const kind: BlockKind = b.kind === "footnote" ? "footnote" : backMatter && b.kind !== "heading" ? backMatter : b.kind;
      const span = add(b, kind);
      const text = piecesText(b.pieces);
      if (kind === "reference" || kind === "footnote") {
        const key = b.key ?? /^\[?(\d{1,4})[.)\]]?\s/.exec(text)?.[1];
        const parsed = parseReference(text);
        const ref = kind === "footnote" ? { raw: text, authors: [], kind: "footnote" as const, ...(key ? { key } : {}) } : { ...parsed, ...(!parsed.key && b.key ? { key: b.key } : {}) };
        references.push(ref);
        if (kind === "footnote" && isProseNote(text)) {
          quotable.push(span);
          notes.push({ section: NOTES_SECTION, number: notes.length + 1, ...span, kind, ...(key ? { note: key } : {}), ...(b.page !== undefined ? { page: b.page } : {}) });
        }
        continue;
      }
      if (!QUOTABLE_KINDS.has(kind)) continue;
      if (!section) {
        section = { title: group.title, index: sections.length, paragraphs: [] };
        sections.push(section);
      }
      quotable.push(span);
      section.paragraphs.push({
        section: section.title,
        number: section.paragraphs.length + 1,
        ...span,
        ...(kind !== "paragraph" ? { kind } : {}),
        ...(b.page !== undefined ? { page: b.page } : {}),
        ...(b.ocr ? { ocr: true } : {}),
      });
    }
  }
  if (notes.length) sections.push({ title: NOTES_SECTION, index: sections.length, paragraphs: notes });
  const text = reading.text();
  return { text, sourceMap: reading.encodedMap(), blocks, sections, references, cites: citeMarks(text, quotable, removed, references) };
}

const PROSE_NOTE_WORDS = 3;

/**
 * A note that says something ("Disclosure: the author is a co-founder of PeerJ"), not one that
 * only points to a source ("see Wikipedia", "Kickstarter: http://…") or is a reference entry.
 */
export function isProseNote(text: string): boolean {
  const words = text.replace(/\bhttps?:\/\/\S+/g, " ").match(/(?<![\p{L}\d])\p{Ll}[\p{L}'’\-]+/gu) ?? [];
  return words.length >= PROSE_NOTE_WORDS && !looksLikeReference(text);
}

/** A block without whitespace at either end, its marks moved with its words. */
function trimBlock(b: RawBlock): RawBlock {
  const text = piecesText(b.pieces);
  const lead = text.length - text.trimStart().length;
  const length = text.trim().length;
  const pieces = trimPieces(b.pieces);
  return { ...b, pieces, ...(b.marks ? { marks: b.marks.map((m) => ({ ...m, at: Math.min(length, Math.max(0, m.at - lead)) })) } : {}) };
}

/** Where a reference entry ends and the next begins, in a block that holds several (a PDF sets a list as one block when its entries are not indented). */
const NEXT_ENTRY = /(?<=[.)\]])\s+(?=(?:\[\d{1,4}\]\s*)?[\p{Lu}][\p{L}'’\-]+,\s(?:[\p{Lu}]\.|[\p{Lu}][\p{L}'’\-]+[,.]))/gu;

function splitEntries(b: RawBlock): RawBlock[] {
  const text = piecesText(b.pieces);
  const cuts = [...text.matchAll(NEXT_ENTRY)].map((m) => m.index! + m[0].length).filter((at) => looksLikeReference(text.slice(at)));
  if (cuts.length === 0) return [b];
  return [0, ...cuts].map((at, i) => ({ ...b, pieces: trimPieces(slicePieces(b.pieces, at, cuts[i] ?? Infinity)), marks: [] }));
}

/** Blocks under their headings; an epigraph and an abstract are sections of their own. */
function groupBlocks(blocks: RawBlock[]): Group[] {
  const groups: Group[] = [];
  let current: Group | undefined;
  for (const b of blocks) {
    if (b.kind === "heading") {
      current = { heading: b, title: piecesText(b.pieces), blocks: [] };
      groups.push(current);
    } else if (b.kind === "epigraph" || b.kind === "abstract") {
      const title = b.kind === "epigraph" ? EPIGRAPH_SECTION : ABSTRACT_SECTION;
      const last = groups.at(-1);
      if (last && !last.heading && last.title === title) last.blocks.push(b);
      else groups.push({ title, blocks: [b] });
      // What follows an epigraph or abstract without a heading of its own opens the paper.
      current = undefined;
    } else {
      if (!current) {
        current = { title: OPENING_SECTION, blocks: [] };
        groups.push(current);
      }
      current.blocks.push(b);
    }
  }
  return groups;
}

/** A reference list or notes section, by its heading or by the shape of its entries. */
function backMatterKind(group: Group): "reference" | "footnote" | undefined {
  if (!group.heading) return undefined;
  if (REFERENCES_HEADING.test(group.title)) return "reference";
  if (NOTES_HEADING.test(group.title)) return "footnote";
  const entries = group.blocks.filter((b) => b.kind === "paragraph" || b.kind === "list item");
  const shaped = entries.filter((b) => looksLikeReference(piecesText(b.pieces))).length;
  return entries.length >= MIN_REFERENCE_ENTRIES && shaped >= REFERENCE_SHARE * entries.length ? "reference" : undefined;
}

/** Cite marks of the quotable text, each linked to the entry or footnote it cites where the paper has one. */
function citeMarks(text: string, quotable: { start: number; end: number }[], removed: { at: number; mark: RemovedMark }[], references: Reference[]): CiteMark[] {
  const marks: CiteMark[] = [];
  const hasList = references.some((r) => r.kind === "reference");
  for (const { at, mark } of removed) {
    if (mark.kind === "footnote") {
      const i = references.findIndex((r) => r.kind === "footnote" && r.key === mark.key);
      marks.push({ at, end: at, text: `note ${mark.key}`, ...(i >= 0 ? { reference: i } : {}) });
    } else {
      const { names, year } = keyParts(mark.key);
      const i = matchReference(references, names, year);
      // Unmatched, "nentwich_cyberscience_2012" still reads as "Nentwich 2012".
      const named = names[0] ? [names[0].charAt(0).toUpperCase() + names[0].slice(1), year].filter(Boolean).join(" ") : mark.key;
      const shown = i !== undefined ? authorDate(references[i]!) : undefined;
      marks.push({ at, end: at, text: shown ?? named, ...(i !== undefined ? { reference: i } : {}) });
    }
  }
  const found = quotable.flatMap((span) => findCiteMarks(text.slice(span.start, span.end)).map((f) => ({ ...f, start: span.start + f.start, end: span.start + f.end })));
  const citesByName = found.some((f) => f.namesOnly && !f.acronym);
  for (const f of found) {
    if (f.acronym && !citesByName) continue;
    const i = f.number !== undefined ? references.findIndex((r) => r.kind === "reference" && r.key === f.number) : matchReference(references, f.names, f.year);
    const linked = i !== undefined && i >= 0 ? i : undefined;
    if (f.number !== undefined && linked === undefined) continue;
    if (f.namesOnly && hasList && linked === undefined) continue;
    marks.push({ at: f.start, end: f.end, text: f.text, ...(linked !== undefined ? { reference: linked } : {}) });
  }
  return marks.sort((a, b) => a.at - b.at);
}
