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

/*
 * Names like "Nagorno-Karabakh" or "Khalifa-zadeh" get misspelt, so a longer word the corpus does
 * not contain is matched fuzzily; words it does contain, and short ones, must match exactly
 * (which also keeps the fuzzy search, the slow part of a query, to the words that need it).
 */
function options(known: ReadonlySet<string>): Options<PassageDoc> {
  return {
    fields: ["text", "section"],
    idField: "index",
    tokenize: (text: string) => terms(text),
    processTerm: (term: string) => term,
    searchOptions: {
      boost: { text: 1, section: 0.5 },
      fuzzy: (term: string) => (term.length >= 6 && !known.has(term) && /^\p{L}+$/u.test(term) ? 0.2 : false),
      maxFuzzy: 2,
      combineWith: "OR",
    },
  };
}

function vocabulary(passages: Passage[]): Set<string> {
  const known = new Set<string>();
  for (const p of passages) for (const t of terms(`${p.citation.section} ${p.text}`)) known.add(t);
  return known;
}

export class LexicalIndex {
  private constructor(private readonly search: MiniSearch<PassageDoc>) {}

  static build(passages: Passage[]): LexicalIndex {
    const search = new MiniSearch<PassageDoc>(options(vocabulary(passages)));
    search.addAll(passages.map((p, index) => ({ index, text: p.text, section: p.citation.section })));
    return new LexicalIndex(search);
  }

  /** The passages are those the index was built from: they give back the vocabulary. */
  static fromJSON(json: string, passages: Passage[]): LexicalIndex {
    return new LexicalIndex(MiniSearch.loadJSON(json, options(vocabulary(passages))));
  }

  toJSON(): string {
    return JSON.stringify(this.search);
  }

  /** `accept` narrows the search to some passages (by index), e.g. one paper's. */
  query(text: string, limit: number, accept?: (index: number) => boolean): LexicalHit[] {
    return this.search
      .search(text, accept ? { filter: (r) => accept(r.id as number) } : {})
      .slice(0, limit)
      .map((r) => ({ index: r.id as number, score: r.score, matched: r.terms }));
  }
}
