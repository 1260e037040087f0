/** The authors a paper names on the line under its title, where no metadata names them. */

const PERSON = String.raw`[\p{Lu}][\p{L}'’.\-]*(?:\s+(?:van|von|de|der|den|da|di|le|la)?\s*[\p{Lu}][\p{L}'’.\-]*){1,3}`;
const NAMES = new RegExp(String.raw`^(?:by\s+)?(${PERSON}(?:\s*(?:,|;|&|\band\b)\s*(?:and\s+)?${PERSON}){0,11})$`, "iu");

/**
 * The line under the title, when it is a byline: "Emil Souleimanov, Maya Ehrmann. Journal…, 2014"
 * or "by Ada Okafor". One name alone counts only with "by" or a year beside it, so a two-word
 * heading ("Literature Review") is not taken for an author.
 */
export function bylineOf(line: string): { authors: string[]; year?: number } | undefined {
  if (line.includes("\n") || line.length > 300) return undefined;
  const [names = "", ...rest] = line.split(/(?<=\p{Ll}{2}|\p{Lu}{2})\.\s+/u);
  const m = NAMES.exec(names.trim().replace(/\.$/, ""));
  if (!m) return undefined;
  const authors = m[1]!.split(/\s*(?:,|;|&|\band\b)\s*/i).map((a) => a.trim()).filter(Boolean);
  const year = [...rest.join(" ").matchAll(/\b(1[5-9]\d\d|20\d\d)\b/g)].at(-1)?.[1];
  if (authors.length < 2 && !/^by\s/i.test(line) && !year) return undefined;
  return { authors, ...(year ? { year: Number(year) } : {}) };
}
