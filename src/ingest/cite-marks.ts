/**
 * In-text citations as readers see them: "(Shaffer)", "(Aras; Bishku)", "(Priem et al., 2010)",
 * "(see Herb 2012, p. 4)", numeric "[12]" or "[3, 5]". Pure text functions, so the answer stage can
 * use them too (a cited author is never an answer).
 */
import type { Span } from "./sentences.js";

const NAME = String.raw`(?:(?:van|von|de|der|den|du|da|di|le|la|v\.|d\.)\s+)*[\p{Lu}][\p{L}\p{N}'’\-]*(?:\s+[\p{Lu}][\p{L}\p{N}'’\-]*)*`;
const YEAR = String.raw`(?:1[5-9]|20)\d\d[a-z]?|n\.d\.`;
/** Names joined by ",", "and" or "&", an optional "et al.", then an optional year and page. */
const WORK = new RegExp(
  String.raw`^(?:(?:see(?:\s+also)?|e\.g\.|cf\.|i\.e\.)\s*,?\s*)?(${NAME}(?:(?:\s*,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*)${NAME})*(?:,?\s+et\s+al\.?)?)(?:,?\s+(${YEAR}(?:\s*,\s*(?:${YEAR}))*))?(?:,?\s+(?:pp?\.|chap\.|ch\.)\s*[\divxlc]+(?:\s*[-–]\s*[\divxlc]+)?)?$`,
  "u",
);
const GROUP = /\(([^()\n]{2,300})\)/g;
const NUMERIC = /\[(\d{1,3}(?:\s*[-–,]\s*\d{1,3})*)\]/g;

export interface FoundCite extends Span {
  /** One cited work, as printed: "Priem et al., 2010", "Ghosh", "12". */
  text: string;
  /** Family names, as printed, for matching a reference entry. */
  names: string[];
  year?: string;
  /** A number citing entry N of a numbered list. */
  number?: string;
  /** Names only, no year: "(Ghosh)". Such a group is a citation only in papers without a list to check it against, or where it matches one. */
  namesOnly: boolean;
  /** Names only, all acronyms: "(EIA)" cites an agency in a paper that cites by name, but glosses one ("Library (TIB)") in a paper that does not. */
  acronym: boolean;
}

/** Every in-text citation of `text`, one per cited work, with the span of its group. */
export function findCiteMarks(text: string): FoundCite[] {
  const found: FoundCite[] = [];
  for (const m of text.matchAll(GROUP)) {
    const works = m[1]!.split(/\s*;\s*/).map((w) => WORK.exec(w.trim()));
    if (works.length === 0 || works.some((w) => !w)) continue;
    const span = { start: m.index!, end: m.index! + m[0].length };
    for (const w of works) {
      const names = w![1]!.replace(/,?\s+et\s+al\.?$/, "").split(/\s*(?:,|&|\band\b)\s*/).filter((n) => /^\p{Lu}/u.test(n.replace(/^(?:\S+\.\s*)+/, "")));
      const year = w![2]?.split(/\s*,\s*/)[0];
      // Without a year, only names shaped like surnames or acronyms count: "(Ghosh)", "(EIA)", not "(Article Publication Charge)",
      // nor an acronym of the words before it ("Digital Object Identifier (DOI)").
      if (!year && !names.every((n) => /^(?:[\p{Lu}][\p{Ll}'’\-]+(?:\s[\p{Lu}][\p{Ll}'’\-]+)?|\p{Lu}{2,6})$/u.test(n) && !isGloss(n, text.slice(0, m.index)))) continue;
      const acronym = !year && names.every((n) => /^\p{Lu}{2,6}$/u.test(n));
      found.push({ ...span, text: w![0]!.replace(/^(?:see(?:\s+also)?|e\.g\.|cf\.|i\.e\.)\s*,?\s*/, ""), names, ...(year ? { year } : {}), namesOnly: !year, acronym });
    }
  }
  for (const m of text.matchAll(NUMERIC)) {
    const span = { start: m.index!, end: m.index! + m[0].length };
    for (const n of numbersOf(m[1]!)) found.push({ ...span, text: n, names: [], number: n, namesOnly: false, acronym: false });
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Whether an acronym spells the initials of the words just before it. */
function isGloss(name: string, before: string): boolean {
  if (!/^\p{Lu}{2,6}$/u.test(name)) return false;
  const initials = (before.match(/[\p{L}][\p{L}'’\-]*/gu) ?? []).slice(-12).filter((w) => /^\p{Lu}/u.test(w)).map((w) => w[0]!).join("");
  return initials.endsWith(name);
}

/** "3, 5-7" → 3, 5, 6, 7 (ranges of at most 20). */
function numbersOf(list: string): string[] {
  return list.split(/\s*,\s*/).flatMap((part) => {
    const [a, b] = part.split(/\s*[-–]\s*/).map(Number);
    if (b === undefined || b < a! || b - a! > 20) return [String(a)];
    return Array.from({ length: b - a! + 1 }, (_, i) => String(a! + i));
  });
}
