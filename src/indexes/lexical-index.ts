/** The BM25 index (MiniSearch's BM25+ ranking) over passages, with light fuzziness so small typos in names still match. */
import MiniSearch, { type Options } from "minisearch";
import { terms } from "../ingest/terms.js";
import type { Passage } from "../ingest/types.js";

export interface LexicalHit {
  index: number;
  score: number;
  /** Query terms found in the passage (after stemming). */
  matched: string[];
}

interface PassageDoc {
  index: number;
  text: string;
  section: string;
}

const OPTIONS: Options<PassageDoc> = {
  fields: ["text", "section"],
  idField: "index",
  tokenize: (text: string) => terms(text),
  processTerm: (term: string) => term,
  searchOptions: {
    boost: { text: 1, section: 0.5 },
    // Names like "Nagorno-Karabakh" or "Khalifa-zadeh" get misspelt; short words must match exactly.
    fuzzy: (term: string) => (term.length >= 6 && /^\p{L}+$/u.test(term) ? 0.2 : false),
    maxFuzzy: 2,
    combineWith: "OR",
  },
};

export class LexicalIndex {
  private constructor(private readonly search: MiniSearch<PassageDoc>) {}

  static build(passages: Passage[]): LexicalIndex {
    const search = new MiniSearch<PassageDoc>(OPTIONS);
    search.addAll(passages.map((p, index) => ({ index, text: p.text, section: p.citation.section })));
    return new LexicalIndex(search);
  }

  static fromJSON(json: string): LexicalIndex {
    return new LexicalIndex(MiniSearch.loadJSON(json, OPTIONS));
  }

  toJSON(): string {
    return JSON.stringify(this.search);
  }

  query(text: string, limit: number): LexicalHit[] {
    return this.search
      .search(text)
      .slice(0, limit)
      .map((r) => ({ index: r.id as number, score: r.score, matched: r.terms }));
  }
}
