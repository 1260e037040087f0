/** Inverse document frequency of each index term over the passages: rare words say more about a match. */
import type { CorpusStats } from "../indexes/corpus-stats.js";

export class TermWeights {
  constructor(private readonly stats: CorpusStats) {}

  /**
   * A term the corpus never uses weighs as much as its rarest term, no more: an unknown word is
   * as often a paraphrase as a sign that the question is off the corpus, and the answer stage
   * tells the two apart by what kind of word it is.
   */
  idf(term: string): number {
    return Math.log(1 + (this.stats.docCount + 1) / (Math.max(this.stats.df(term), 1) + 0.5));
  }

  has(term: string): boolean {
    return this.stats.df(term) > 0;
  }

  /** Passages that use the term. */
  uses(term: string): number {
    return this.stats.df(term);
  }

  /**
   * The corpus's own spelling of a term the corpus lacks, when one is a typo away
   * ("Karabah" → "karabakh"); otherwise the term itself.
   */
  resolve(term: string): string {
    if (this.stats.df(term) > 0 || term.length < 5 || !/^\p{L}+$/u.test(term)) return term;
    return this.stats.nearest(term, term.length >= 8 ? 2 : 1) ?? term;
  }
}
