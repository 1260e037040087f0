/** Hybrid retrieval: BM25 and vector candidates fused by reciprocal rank into one ranked list. */
import type { Embedder } from "../embed/embedder.js";
import type { WeightedTerm } from "../indexes/lexical-index.js";
import type { LoadedIndex } from "../indexes/store.js";
import type { Passage } from "../ingest/types.js";

export type RetrievalMode = "hybrid" | "bm25" | "vector";

export interface RetrievedPassage {
  index: number;
  passage: Passage;
  /** The fused score that orders the list. */
  score: number;
  bm25?: { rank: number; score: number; matched: string[] };
  vector?: { rank: number; similarity: number };
}

export interface Retrieval {
  hits: RetrievedPassage[];
  queryVector: Float32Array;
  /** Cosine similarity of the closest passage, the vector side of abstention. */
  bestSimilarity: number;
}

export interface RetrieveOptions {
  limit?: number;
  mode?: RetrievalMode;
  paperId?: string;
  /**
   * What BM25 searches for, when not the query's own words: e.g. the question's words at weight 1
   * and their synonyms below it. The vectors still search for the query.
   */
  terms?: WeightedTerm[];
}

/*
 * k in 1/(k + rank): the usual 60 flattens the ranks of a small corpus; a smaller k lets the
 * first few ranks of either retriever count for more. BM25 weighs more because questions about
 * papers mostly turn on names and numbers, which word vectors blur.
 */
const RRF_K = 10;
const WEIGHTS = { bm25: 1, vector: 0.35 };
const CANDIDATES = 40;

export class HybridRetriever {
  constructor(
    private readonly index: LoadedIndex,
    private readonly embedder: Embedder,
  ) {}

  /** A paper's passages are stored together: a range of indices (empty for an unknown paper). */
  private paperRange(paperId: string): readonly [number, number] {
    const o = this.index.documents.ordinal(paperId);
    return o === undefined ? [0, 0] : this.index.documents.passageRange(o);
  }

  async retrieve(query: string, options: RetrieveOptions = {}): Promise<Retrieval> {
    const { limit = 5, mode = "hybrid", paperId, terms } = options;
    const [queryVector] = await this.embedder.embed([query]);
    const range = paperId === undefined ? undefined : this.paperRange(paperId);
    // Passages are read from the index only for the hits returned.
    const fused = new Map<number, Omit<RetrievedPassage, "passage">>();
    const entry = (index: number) => {
      let hit = fused.get(index);
      if (!hit) fused.set(index, (hit = { index, score: 0 }));
      return hit;
    };
    const lexical = this.index.lexical.query(terms ?? query, CANDIDATES, range);
    // A question of only unknown words (names, numbers) embeds to zero: it has no direction to search.
    const searchable = queryVector!.some((x) => x !== 0);
    const vectors = searchable ? this.index.vectors.query(queryVector!, CANDIDATES, range) : [];
    if (mode !== "vector") {
      lexical.forEach((h, rank) => {
        const hit = entry(h.index);
        hit.bm25 = { rank, score: h.score, matched: h.matched };
        hit.score += WEIGHTS.bm25 / (RRF_K + rank + 1);
      });
    }
    if (mode !== "bm25") {
      vectors.forEach((h, rank) => {
        const hit = entry(h.index);
        hit.vector = { rank, similarity: h.similarity };
        hit.score += WEIGHTS.vector / (RRF_K + rank + 1);
      });
    }
    const hits = [...fused.values()]
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, limit)
      .map((h) => ({ ...h, passage: this.index.passages.get(h.index) }));
    return {
      hits,
      queryVector: queryVector!,
      bestSimilarity: vectors[0]?.similarity ?? 0,
    };
  }
}
