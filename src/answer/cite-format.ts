/**
 * Ready-to-paste reference-list entries (APA 7, and Chicago notes-and-bibliography's bibliography
 * entry) from a paper's metadata. Output is a list of segments so each adapter can render italics its own way
 * (Markdown on Discord, plain text in a terminal).
 */
import { Cite } from "@citation-js/core";
import "@citation-js/plugin-bibtex";
import type { PaperMeta } from "../ingest/types.js";

export interface Segment {
  text: string;
  italic?: boolean;
}

export type FormattedCitation = Segment[];

/** The citation without styling, e.g. for a terminal or a clipboard. */
export function plainText(citation: FormattedCitation): string {
  return citation.map((s) => s.text).join("");
}

interface Name {
  given: string;
  family: string;
}

/** "Emil Souleimanov" or "Souleimanov, Emil" → parts. A single word is taken as the family name. */
export function parseName(author: string): Name {
  const trimmed = author.trim().replace(/\s+/g, " ");
  const comma = trimmed.indexOf(",");
  if (comma >= 0) return { family: trimmed.slice(0, comma).trim(), given: trimmed.slice(comma + 1).trim() };
  const space = trimmed.lastIndexOf(" ");
  if (space < 0) return { family: trimmed, given: "" };
  return { family: trimmed.slice(space + 1), given: trimmed.slice(0, space) };
}

/** "Jean-Paul Maria" → "J.-P. M." */
function initials(given: string): string {
  return given
    .split(" ")
    .filter(Boolean)
    .map((word) =>
      word
        .split("-")
        .map((part) => (part.endsWith(".") && part.length <= 3 ? part : `${part.charAt(0).toUpperCase()}.`))
        .join("-"),
    )
    .join(" ");
}

function apaName(author: string): string {
  const { given, family } = parseName(author);
  return given ? `${family}, ${initials(given)}` : family;
}

/** APA 7: up to 20 authors listed, "&" before the last; from 21, the first 19, an ellipsis, then the last. */
function apaAuthors(authors: string[]): string {
  const names = authors.map(apaName);
  if (names.length === 0) return "";
  if (names.length === 1) return names[0]!;
  if (names.length > 20) return `${names.slice(0, 19).join(", ")}, . . . ${names.at(-1)!}`;
  return `${names.slice(0, -1).join(", ")}, & ${names.at(-1)!}`;
}

/** Chicago: first author inverted, the rest in natural order; more than ten → the first seven, et al. */
function chicagoAuthors(authors: string[]): string {
  const names = authors.map((a, i) => {
    const { given, family } = parseName(a);
    if (!given) return family;
    return i === 0 ? `${family}, ${given}` : `${given} ${family}`;
  });
  if (names.length === 0) return "";
  if (names.length > 10) return `${names.slice(0, 7).join(", ")}, et al`;
  if (names.length === 1) return names[0]!;
  // "Okafor, Ada, and Bram Lindqvist": the comma closes the inverted first name.
  if (names.length === 2) return `${names[0]!}${names[0]!.includes(",") ? "," : ""} and ${names[1]!}`;
  return `${names.slice(0, -1).join(", ")}, and ${names.at(-1)!}`;
}

function withPeriod(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

function doiUrl(doi: string): string {
  return /^https?:\/\//.test(doi) ? doi : `https://doi.org/${doi.replace(/^doi:\s*/i, "")}`;
}

/** En dash between page numbers, as both styles print them. */
function pageRange(pages: string): string {
  return pages.replace(/\s*[-–—]+\s*/g, "–");
}

/*
 * Titles are kept as the paper prints them: APA asks for sentence case, but lowering words
 * automatically would also lower proper nouns ("Iran", "Azerbaijan"), which is worse.
 */
export function apaCitation(meta: PaperMeta): FormattedCitation {
  const out: Segment[] = [];
  const authors = apaAuthors(meta.authors);
  const year = meta.year === undefined ? "n.d." : String(meta.year);
  out.push({ text: authors ? `${withPeriod(authors)} (${year}). ` : "" });
  out.push({ text: withPeriod(meta.title) });
  if (!authors) out.push({ text: ` (${year}).` });
  if (meta.journal) {
    out.push({ text: " " }, { text: meta.journal, italic: true });
    if (meta.volume) out.push({ text: ", " }, { text: meta.volume, italic: true });
    if (meta.issue) out.push({ text: `(${meta.issue})` });
    if (meta.pages) out.push({ text: `, ${pageRange(meta.pages)}` });
    out.push({ text: "." });
  }
  if (meta.doi) out.push({ text: ` ${doiUrl(meta.doi)}` });
  return merge(out);
}

export function chicagoCitation(meta: PaperMeta): FormattedCitation {
  const out: Segment[] = [];
  const authors = chicagoAuthors(meta.authors);
  if (authors) out.push({ text: `${withPeriod(authors)} ` });
  out.push({ text: `“${withPeriod(meta.title)}”` });
  if (meta.journal) {
    out.push({ text: " " }, { text: meta.journal, italic: true });
    if (meta.volume) out.push({ text: ` ${meta.volume}` });
    if (meta.issue) out.push({ text: `, no. ${meta.issue}` });
  }
  const date = [meta.month, meta.year].filter((p) => p !== undefined).join(" ");
  // In a journal the date follows the issue in parentheses; a work on its own gives it as a sentence.
  if (meta.journal) {
    if (date) out.push({ text: ` (${date})` });
    out.push({ text: meta.pages ? `: ${pageRange(meta.pages)}.` : "." });
  } else if (date) out.push({ text: ` ${date}.` });
  if (meta.doi) out.push({ text: ` ${doiUrl(meta.doi)}.` });
  return merge(out);
}

/** Joins neighbouring segments of the same style, so renderers never emit "**" pairs back to back. */
function merge(segments: Segment[]): FormattedCitation {
  const merged: Segment[] = [];
  for (const s of segments) {
    if (!s.text) continue;
    const last = merged.at(-1);
    if (last && Boolean(last.italic) === Boolean(s.italic)) last.text += s.text;
    else merged.push(s.italic ? { text: s.text, italic: true } : { text: s.text });
  }
  return merged;
}

/** The paper as a BibTeX entry, for a reference manager (citation-js writes it from the same metadata as APA and Chicago). */
export function bibtexEntry(meta: PaperMeta): string {
  const csl = {
    id: meta.id,
    type: meta.journal ? "article-journal" : "chapter",
    title: meta.title,
    author: meta.authors.map((a) => parseName(a)).map(({ family, given }) => (given ? { family, given } : { literal: family })),
    ...(meta.year !== undefined ? { issued: { "date-parts": [[meta.year]] } } : {}),
    ...(meta.journal ? { "container-title": meta.journal } : {}),
    ...(meta.volume ? { volume: meta.volume } : {}),
    ...(meta.issue ? { issue: meta.issue } : {}),
    ...(meta.pages ? { page: meta.pages } : {}),
    ...(meta.doi ? { DOI: meta.doi } : {}),
    ...(meta.keywords?.length ? { keyword: meta.keywords.join(", ") } : {}),
  };
  return new Cite(csl).format("bibtex").trim();
}
