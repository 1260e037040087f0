/**
 * Spelling fixes for words typed in a hurry ("diffrence", "memebers"): the words one edit away
 * (a letter dropped, added, changed or two swapped, as in Norvig's corrector), of which the
 * corpus's own words are preferred, most used first, and then a word the dictionary knows when
 * it is the only one. Only words that are neither English nor the corpus's are fixed, so a
 * correctly spelt word is never turned into another.
 */

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
/** Shorter words have too many neighbours one edit away to pick one ("orgs": orbs, ores, org). */
const MIN_LENGTH = 5;

/** Every string one edit from the word, without repeats. */
export function oneEditAway(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of LETTERS) {
      if (tail && c !== tail[0]) out.add(head + c + tail.slice(1));
      out.add(head + c + tail);
    }
  }
  out.delete(word);
  return out;
}

export interface SpellingSources {
  /** How many passages of the corpus use the word (0 when none). */
  corpusUses: (word: string) => number;
  isEnglish: (word: string) => boolean;
}

/** The word as it was probably meant, or undefined when it is not a typo of one word. */
export function correctSpelling(word: string, sources: SpellingSources): string | undefined {
  if (word.length < MIN_LENGTH || !/^\p{Ll}+$/u.test(word)) return undefined;
  const nearby = [...oneEditAway(word)];
  let best: string | undefined;
  let uses = 0;
  for (const w of nearby) {
    const n = sources.corpusUses(w);
    if (n > uses) [best, uses] = [w, n];
  }
  if (best) return best;
  const english = nearby.filter((w) => sources.isEnglish(w));
  return english.length === 1 ? english[0] : undefined;
}
