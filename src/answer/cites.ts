/** The paper's own in-text references, e.g. "(Ghosh)" or "(Aras; Bishku)", found in a quoted sentence. */

const NAME = String.raw`[\p{Lu}][\p{L}\p{N}'’\-]*(?:\s+[\p{Lu}][\p{L}\p{N}'’\-]*)*`;
/** Names joined by ";", "," or "and", optionally with a year: "Ehrmann, Souleimanov, and Kraus", "Kemp and Gay 2012". */
const REFERENCE = new RegExp(String.raw`\((${NAME}(?:(?:\s*[;,]\s*(?:and\s+)?|\s+and\s+)${NAME})*(?:,?\s+\d{4}[a-z]?)?)\)`, "gu");

/** Each reference group of the sentence, split into its works: "(Aras; Bishku)" gives ["Aras", "Bishku"]. */
export function findCites(sentence: string): string[] {
  const cites: string[] = [];
  for (const m of sentence.matchAll(REFERENCE)) {
    for (const work of m[1]!.split(/\s*;\s*/)) if (!cites.includes(work)) cites.push(work);
  }
  return cites;
}

/** Where the reference groups sit in the sentence, so a cited author is never taken for an answer. */
export function citeSpans(sentence: string): { start: number; end: number }[] {
  return [...sentence.matchAll(REFERENCE)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
}

/** "Ghosh", "Aras and Bishku", "Parsi, Roshandel and Elik". */
export function listCites(cites: string[]): string {
  return cites.length <= 1 ? (cites[0] ?? "") : `${cites.slice(0, -1).join("; ")} and ${cites.at(-1)}`;
}
