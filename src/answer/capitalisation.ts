/** How the corpus capitalises its words: a sentence's capitalised first word may be a name ("Iran") or not ("Due", "Moreover"). */
import { words } from "../ingest/terms.js";

/** A capital after a lower-case word or a comma is not there because a sentence starts. */
const MID_SENTENCE_CAPITAL = /(?<=[\p{Ll},;:]\s+)\p{Lu}[\p{L}'’\-]*/gu;
const LOWER_CASE_WORD = /(?<![\p{L}'’\-])\p{Ll}[\p{L}'’\-]*/gu;

export class Capitalisation {
  private readonly names = new Set<string>();
  private readonly common = new Set<string>();

  constructor(texts: string[]) {
    const capitalised = new Map<string, number>();
    const lower = new Map<string, number>();
    const count = (into: Map<string, number>, raw: string) => {
      const w = words(raw)[0];
      if (w) into.set(w, (into.get(w) ?? 0) + 1);
    };
    for (const text of texts) {
      for (const m of text.matchAll(MID_SENTENCE_CAPITAL)) count(capitalised, m[0]);
      for (const m of text.matchAll(LOWER_CASE_WORD)) count(lower, m[0]);
    }
    for (const [w, n] of capitalised) if (n >= (lower.get(w) ?? 0)) this.names.add(w);
    for (const w of lower.keys()) if (!this.names.has(w)) this.common.add(w);
  }

  /**
   * Whether a sentence's first word is capitalised only because it opens the sentence: the corpus
   * writes it in lower case ("Due"), or, unknown, it is set off by a comma ("Moreover,"). A word
   * the corpus never writes in lower case ("Pinkhaz") is taken for a name.
   */
  isOpener(word: string, followedByComma: boolean): boolean {
    return !this.names.has(word) && (this.common.has(word) || followedByComma);
  }
}
