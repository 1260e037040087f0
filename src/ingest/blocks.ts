/** Blank-line separated blocks of a text, with their offsets: the paragraphs and headings of a file. */
import type { Span } from "./sentences.js";

export interface Block extends Span {
  text: string;
  /** Blank lines between this block and the previous one (0 for the first block). */
  gapBefore: number;
}

export function splitBlocks(text: string, from = 0): Block[] {
  const blocks: Block[] = [];
  const line = /[^\n]*(?:\n|$)/g;
  line.lastIndex = from;
  let current: { start: number; end: number } | undefined;
  let blank = 0;
  for (let m = line.exec(text); m && m[0].length > 0; m = line.exec(text)) {
    const content = m[0].replace(/\r?\n$/, "");
    if (content.trim() === "") {
      if (current) push(current);
      current = undefined;
      blank++;
      continue;
    }
    const start = m.index + (content.length - content.trimStart().length);
    const end = m.index + content.trimEnd().length;
    if (current) current.end = end;
    else current = { start, end };
  }
  if (current) push(current);
  return blocks;

  function push(span: { start: number; end: number }) {
    blocks.push({ ...span, text: text.slice(span.start, span.end), gapBefore: blocks.length ? blank : 0 });
    blank = 0;
  }
}
