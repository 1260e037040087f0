/** Markdown helpers: every piece of user or paper text passes through `escapeText` before Discord sees it. */
import { escapeMarkdown } from "discord.js";
import { sentenceSegments } from "./sentences.js";

/**
 * Shows `text` literally: no bold, links, headings or lists, whatever characters it holds.
 * escapeMarkdown's italic rule has a lookbehind that makes it quadratic in the length of a line,
 * so long paragraphs are escaped sentence by sentence; the only construct that misses is a
 * masked link spanning two sentences.
 */
export function escapeText(text: string): string {
  let escaped = "";
  for (const { segment } of sentenceSegments(text)) {
    escaped += escapeMarkdown(segment, { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
  }
  return escaped;
}

export function bold(escaped: string): string {
  return escaped ? `**${escaped}**` : "";
}

export function italic(escaped: string): string {
  return escaped ? `*${escaped}*` : "";
}

/** Prefixes every line with "> " so the whole text renders as one block quote, blank lines included. */
export function blockQuote(markdown: string): string {
  return markdown
    .split("\n")
    .map((line) => (line.trim() ? `> ${line}` : ">"))
    .join("\n");
}

/** `escapeText(shorten(text, n))` for the largest n that keeps it within `max`: escapes add characters. */
export function shortenEscaped(text: string, max: number): string {
  let n = max;
  let escaped = escapeText(shorten(text, n));
  while (escaped.length > max) {
    n -= escaped.length - max;
    escaped = escapeText(shorten(text, n));
  }
  return escaped;
}

/** Cuts at a word boundary with an ellipsis; for labels and names, never for quotes. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
