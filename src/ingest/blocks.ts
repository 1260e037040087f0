/** Blank-line separated blocks of a text, with their offsets: the paragraphs and headings of a file. */
import type { Span } from "./sentences.js";

export interface Block extends Span {
  text: string;
}

export function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const line = /[^\n]*(?:\n|$)/g;
  let current: { start: number; end: number } | undefined;
  for (let m = line.exec(text); m && m[0].length > 0; m = line.exec(text)) {
    const content = m[0].replace(/\r?\n$/, "");
    if (content.trim() === "") {
      if (current) push(current);
      current = undefined;
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
    blocks.push({ ...span, text: text.slice(span.start, span.end) });
  }
}
