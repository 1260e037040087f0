/**
 * Back matter: reference-list entries and footnotes parsed into their parts, and the in-text
 * citations of a paper linked to the entries they cite.
 */
import { normalizeText } from "./terms.js";
import type { Reference } from "./types.js";

const YEAR_IN_ENTRY = /\(?\b((?:1[5-9]|20)\d\d[a-z]?|n\.\s?d\.)\)?/u;
const LIST_NUMBER = /^(?:\[(\d{1,4})\]|(\d{1,4})\.)\s+/;
const FAMILY = /^(?:(?:van|von|de|der|den|du|da|di|le|la)\s+)*[\p{Lu}][\p{L}'’\-]+(?:\s+[\p{Lu}][\p{L}'’\-]+)?$/u;

/** Whether a block reads like a reference-list entry: "Surname, X., 2010. Title…" or "[3] A. Surname…". */
export function looksLikeReference(text: string): boolean {
  const head = text.slice(0, 300);
  const year = YEAR_IN_ENTRY.exec(head);
  if (!year || year.index > 250) return false;
  return LIST_NUMBER.test(head) || /^[\p{Lu}][\p{L}'’\-]+(?:\s[\p{L}'’\-]+)?,\s/u.test(head) || /^[\p{Lu}][\p{L}'’\-]+\s\(?(?:1[5-9]|20)\d\d/u.test(head);
}

/** An entry's authors' family names, year and title, as far as its shape shows them. */
export function parseReference(raw: string): Reference {
  const number = LIST_NUMBER.exec(raw);
  const body = number ? raw.slice(number[0].length) : raw;
  const year = YEAR_IN_ENTRY.exec(body);
  const prefix = year ? body.slice(0, year.index) : body.split(/\.\s/, 1)[0]!;
  const authors: string[] = [];
  for (const part of prefix.replace(/\bet\s+al\.?/g, "").split(/\s*(?:,|&|;|\band\b)\s*/)) {
    // "J. Priem", "Priem J", "Priem, J.": initials on either side of the family name.
    const name = part.trim().replace(/^(?:\p{Lu}\.(?:-\p{Lu}\.)?\s*)+/u, "").replace(/\s+\p{Lu}{1,3}\.?(?=\.\s|$)/u, "");
    // A full stop after a word ends the authors (Vancouver and IEEE put the title before the year).
    const end = /(?<=\p{L}{2})\.\s/u.exec(name);
    const family = (end ? name.slice(0, end.index) : name).replace(/\.$/, "");
    if (FAMILY.test(family) && !/^(?:Ed|Eds|Hrsg|In)$/.test(family)) authors.push(family);
    if (end) break;
  }
  const rest = year ? body.slice(year.index + year[0].length).replace(/^[\s).,:]+/, "") : "";
  const title = /^(.+?[^\s.])[.?!](?:\s|$)/u.exec(rest)?.[1] ?? rest.split(/\.\s/, 1)[0];
  return {
    raw,
    authors,
    ...(year ? { year: year[1]! } : {}),
    ...(title ? { title: title.trim() } : {}),
    ...(number ? { key: number[1] ?? number[2]! } : {}),
    kind: "reference",
  };
}

const fold = (s: string) => normalizeText(s).replace(/[^\p{L}]/gu, "");

/** The entry citing `names` (family names, first author first) and `year`: the first author and the year must agree; names alone must pick out one entry. */
export function matchReference(references: readonly Reference[], names: readonly string[], year?: string): number | undefined {
  const first = names[0] ? fold(lastWord(names[0])) : undefined;
  if (!first) return undefined;
  const candidates = references
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.kind === "reference" && r.authors.length > 0 && fold(lastWord(r.authors[0]!)) === first);
  if (year) {
    const sameYear = candidates.filter(({ r }) => r.year !== undefined && (r.year === year || r.year.replace(/[a-z]$/, "") === year));
    // "Laakso & Björk 2012" against "Laakso et al. 2011" and "Laakso & Björk 2012": the second author decides.
    const second = names[1] ? fold(lastWord(names[1])) : undefined;
    const both = second ? sameYear.filter(({ r }) => r.authors.some((a, k) => k > 0 && fold(lastWord(a)) === second)) : [];
    return (both[0] ?? sameYear[0])?.i;
  }
  return candidates.length === 1 ? candidates[0]!.i : undefined;
}

/** A Pandoc or BibTeX key such as "priem_altmetrics_2012" or "Priem2010" as a family name and a year. */
export function keyParts(key: string): { names: string[]; year?: string } {
  const year = /(?:1[5-9]|20)\d\d[a-z]?/.exec(key)?.[0];
  const name = /^[\p{L}'’]+?(?=[_:\-.]|(?:1[5-9]|20)\d\d|\p{Lu}|$)/u.exec(key.replace(/^@/, ""))?.[0];
  return { names: name ? [name] : [], ...(year ? { year } : {}) };
}

/** How a reader names an entry in running text: "Priem, 2012", "Cole & Simon, 1981", "Priem et al., 2012". */
export function authorDate(ref: Reference): string | undefined {
  if (ref.authors.length === 0) return undefined;
  const names = ref.authors.length === 1 ? ref.authors[0]! : ref.authors.length === 2 ? `${ref.authors[0]} & ${ref.authors[1]}` : `${ref.authors[0]} et al.`;
  return ref.year ? `${names}, ${ref.year}` : names;
}

function lastWord(name: string): string {
  return name.trim().split(/\s+/).at(-1)!;
}
