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

/**
 * Text someone typed, shown back without turning into mention chips: a zero-width space breaks
 * `<@user>`, `<@&role>`, `<#channel>`, `@everyone` and `@here`. (Allowed mentions are off anyway, so
 * nobody is pinged; this keeps the echo from looking like a ping.) Papers' quotes are never changed.
 */
export function echoText(text: string): string {
  return escapeText(text).replace(/<(@|#)/g, "<\u200B$1").replace(/@(everyone|here)/gi, "@\u200B$1");
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

/**
 * `render(n)` for an n that keeps it within `max` characters, where `render` shortens its text to
 * n characters and then adds Markdown (escapes, styling), so the result may be longer than n.
 */
export function fitMarkdown(max: number, render: (n: number) => string): string {
  let n = max;
  let markdown = render(n);
  while (markdown.length > max) {
    n -= markdown.length - max;
    markdown = render(n);
  }
  return markdown;
}

/** `escapeText(shorten(text, n))` within `max` characters. */
export function shortenEscaped(text: string, max: number): string {
  return fitMarkdown(max, (n) => escapeText(shorten(text, n)));
}

/** Cuts at a word boundary with an ellipsis; for labels and names, never for quotes. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
