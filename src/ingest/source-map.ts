/**
 * Reading text with its way back to the source. A reader's words are pieces of the source put
 * together: each piece maps character for character onto the source from one offset. A soft line
 * break read as a space maps onto the line break, a decoded entity onto its "&", the blank line
 * between blocks onto the end of the block before it.
 *
 * Stored compactly, since a library holds many papers: runs of (reading offset, source offset)
 * pairs, where a run goes on until the next one starts, as base64 of an Int32Array.
 */
import type { Span } from "./sentences.js";
import type { SourceDocument } from "./types.js";

/** Characters of `text` at source offsets `source`, `source + 1`, ... */
export interface Piece {
  text: string;
  source: number;
}

/** Builds a reading text from pieces, recording where each run of characters came from. */
export class ReadingText {
  private parts: string[] = [];
  private runs: number[] = [];
  private length = 0;
  /** Where the next character would come from if the last run went on. */
  private next = -1;

  /** Appends one block's pieces, a blank line after the previous block; returns the block's span. */
  addBlock(pieces: readonly Piece[]): Span {
    if (this.length > 0) this.add({ text: "\n\n", source: Math.max(0, this.next - 1) });
    const start = this.length;
    for (const piece of pieces) this.add(piece);
    return { start, end: this.length };
  }

  private add(piece: Piece): void {
    if (piece.text === "") return;
    if (piece.source !== this.next) this.runs.push(this.length, piece.source);
    this.parts.push(piece.text);
    this.length += piece.text.length;
    this.next = piece.source + piece.text.length;
  }

  text(): string {
    return this.parts.join("");
  }

  encodedMap(): string {
    return Buffer.from(new Int32Array(this.runs).buffer).toString("base64");
  }
}

/** The reading text of some pieces, for looking at it before it is placed. */
export function piecesText(pieces: readonly Piece[]): string {
  return pieces.map((p) => p.text).join("");
}

/** Pieces without the whitespace at either end. */
export function trimPieces(pieces: readonly Piece[]): Piece[] {
  const out = pieces.map((p) => ({ ...p }));
  while (out.length && /^\s*$/.test(out[0]!.text)) out.shift();
  while (out.length && /^\s*$/.test(out.at(-1)!.text)) out.pop();
  if (out.length === 0) return out;
  const first = out[0]!;
  const lead = first.text.length - first.text.trimStart().length;
  out[0] = { text: first.text.slice(lead), source: first.source + lead };
  const last = out.at(-1)!;
  out[out.length - 1] = { text: last.text.trimEnd(), source: last.source };
  return out;
}

/** The characters of `pieces` from reading offset `start` to `end` (offsets into piecesText). */
export function slicePieces(pieces: readonly Piece[], start: number, end = Infinity): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  for (const p of pieces) {
    const from = Math.max(start, at);
    const to = Math.min(end, at + p.text.length);
    if (to > from) out.push({ text: p.text.slice(from - at, to - at), source: p.source + (from - at) });
    at += p.text.length;
  }
  return out;
}

/** Pieces with the given reading ranges cut out (sorted, not overlapping). */
export function cutPieces(pieces: readonly Piece[], ranges: readonly Span[]): Piece[] {
  const out: Piece[] = [];
  let from = 0;
  for (const r of ranges) {
    out.push(...slicePieces(pieces, from, r.start));
    from = r.end;
  }
  out.push(...slicePieces(pieces, from));
  return out;
}

/**
 * A parser's decoded value placed onto its stretch of source, `source[from, to)`: each character
 * is found at or after the previous one, skipping the markup in between ("> " before a continued
 * line, a backslash before an escaped character). A line break reads as a space; a character not
 * in the source (a decoded entity) maps onto where the search stood.
 */
export function alignValue(value: string, source: string, from: number, to: number): Piece[] {
  const pieces: Piece[] = [];
  let p = from;
  let i = 0;
  while (i < value.length) {
    const c = value[i]!;
    if (c === "\n" || c === "\r") {
      const j = source.indexOf("\n", p);
      const at = j >= 0 && j < to ? j : p;
      pieces.push({ text: " ", source: at });
      p = at + 1;
      i++;
      while (value[i] === "\n" || value[i] === " ") i++;
      continue;
    }
    // The longest stretch that matches the source verbatim from the next occurrence of `c`.
    const j = source.indexOf(c, p);
    if (j < 0 || j >= to) {
      pieces.push({ text: c, source: Math.min(p, Math.max(from, to - 1)) });
      i++;
      continue;
    }
    let n = 1;
    while (i + n < value.length && j + n < to && value[i + n] === source[j + n] && value[i + n] !== "\n") n++;
    pieces.push({ text: value.slice(i, i + n), source: j });
    p = j + n;
    i += n;
  }
  return pieces;
}

const decoded = new WeakMap<SourceDocument, Int32Array>();

function runsOf(doc: SourceDocument): Int32Array {
  let runs = decoded.get(doc);
  if (!runs) {
    const bytes = Buffer.from(doc.sourceMap, "base64");
    runs = new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    decoded.set(doc, runs);
  }
  return runs;
}

/** The source offset of the reading text's character at `offset`. */
export function sourceOffset(doc: SourceDocument, offset: number): number {
  const runs = runsOf(doc);
  // The last run starting at or before `offset` (pairs: reading, source).
  let lo = 0;
  let hi = runs.length / 2 - 1;
  if (hi < 0) return offset;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (runs[mid * 2]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return runs[lo * 2 + 1]! + (offset - runs[lo * 2]!);
}

/** A span of the reading text as a span of the source: from its first character's source to just past its last one's. */
export function mapSpan(doc: SourceDocument, start: number, end: number): Span {
  if (end <= start) return { start: sourceOffset(doc, start), end: sourceOffset(doc, start) };
  return { start: sourceOffset(doc, start), end: sourceOffset(doc, end - 1) + 1 };
}

/** The runs a reading span is made of, each as its reading and its source span, for checking a quote against the source. */
export function mapRuns(doc: SourceDocument, start: number, end: number): { reading: Span; source: Span }[] {
  const runs = runsOf(doc);
  const out: { reading: Span; source: Span }[] = [];
  for (let i = 0; i < runs.length; i += 2) {
    const rStart = runs[i]!;
    const rEnd = i + 2 < runs.length ? runs[i + 2]! : doc.text.length;
    const from = Math.max(start, rStart);
    const to = Math.min(end, rEnd);
    if (to <= from) continue;
    const s = runs[i + 1]! + (from - rStart);
    out.push({ reading: { start: from, end: to }, source: { start: s, end: s + (to - from) } });
  }
  return out;
}
