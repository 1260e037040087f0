/** Inverse document frequency of each index term over the passages: rare words say more about a match. */
import { terms } from "../ingest/terms.js";
import type { Passage } from "../ingest/types.js";

export class TermWeights {
  private readonly df = new Map<string, number>();
  private readonly total: number;

  constructor(passages: Passage[]) {
    this.total = passages.length;
    for (const p of passages) for (const t of new Set(terms(p.text))) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  /** A term the corpus never uses weighs the most: a question about it is probably not covered. */
  idf(term: string): number {
    return Math.log(1 + (this.total + 1) / ((this.df.get(term) ?? 0) + 0.5));
  }

  has(term: string): boolean {
    return this.df.has(term);
  }
}
