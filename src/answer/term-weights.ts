/** Inverse document frequency of each index term over the passages: rare words say more about a match. */
import { distance } from "fastest-levenshtein";
import { terms } from "../ingest/terms.js";
import type { Passage } from "../ingest/types.js";

export class TermWeights {
  private readonly df = new Map<string, number>();
  private readonly total: number;

  constructor(passages: Passage[]) {
    this.total = passages.length;
    for (const p of passages) for (const t of new Set(terms(p.text))) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  /**
   * A term the corpus never uses weighs as much as its rarest term, no more: an unknown word is
   * as often a paraphrase as a sign that the question is off the corpus, and the answer stage
   * tells the two apart by what kind of word it is.
   */
  idf(term: string): number {
    return Math.log(1 + (this.total + 1) / (Math.max(this.df.get(term) ?? 0, 1) + 0.5));
  }

  has(term: string): boolean {
    return this.df.has(term);
  }

  /**
   * The corpus's own spelling of a term the corpus lacks, when one is a typo away
   * ("Karabah" → "karabakh"); otherwise the term itself.
   */
  resolve(term: string): string {
    if (this.df.has(term) || term.length < 5 || !/^\p{L}+$/u.test(term)) return term;
    const allowed = term.length >= 8 ? 2 : 1;
    let best: { term: string; d: number } | undefined;
    for (const known of this.df.keys()) {
      if (Math.abs(known.length - term.length) > allowed) continue;
      const d = distance(term, known);
      if (d <= allowed && (!best || d < best.d)) best = { term: known, d };
    }
    return best?.term ?? term;
  }
}
