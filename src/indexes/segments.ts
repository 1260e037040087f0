/**
 * An index of several segments read as one. Papers added to a large index go into a new, small
 * segment instead of a rebuild of everything (store.ts decides when); the segments' passages are
 * numbered one after another, so a passage's index is its place in the whole index, and a search
 * asks every segment and merges their best.
 */
import type { SourceDocument, Passage, PaperMeta } from "../ingest/types.js";
import type { DocumentStore, PassageStore } from "./documents.js";
import type { LexicalHit, LexicalIndex, WeightedTerm } from "./lexical-index.js";
import type { VectorHit, VectorIndex } from "./vector-index.js";

export type Documents = Pick<DocumentStore, "papers" | "count" | "ordinal" | "get" | "passageRange" | "ordinalOfPassage">;
export type Passages = Pick<PassageStore, "count" | "get" | "find">;
export type Vectors = Pick<VectorIndex, "size" | "efSearch" | "vector" | "query">;
export type Lexical = Pick<LexicalIndex, "query">;

export interface Segment {
  documents: DocumentStore;
  passages: PassageStore;
  vectors: VectorIndex;
  lexical: LexicalIndex;
}

/** Where each segment starts, in papers and in passages; with a last entry for the end. */
class Starts {
  readonly papers: number[] = [0];
  readonly passages: number[] = [0];

  constructor(segments: readonly Segment[]) {
    for (const s of segments) {
      this.papers.push(this.papers.at(-1)! + s.documents.count);
      this.passages.push(this.passages.at(-1)! + s.passages.count);
    }
  }

  /** The segment holding the passage (or, with `papers`, the paper) at this index. */
  of(index: number, which: number[] = this.passages): number {
    let s = 0;
    while (s + 2 < which.length && which[s + 1]! <= index) s++;
    return s;
  }

  /** Each segment's part of a range of passages, in its own numbering: [segment, from, to]. */
  *split(within: readonly [number, number] | undefined): Generator<[number, [number, number] | undefined]> {
    for (let s = 0; s + 1 < this.passages.length; s++) {
      if (!within) yield [s, undefined];
      else {
        const from = Math.max(within[0], this.passages[s]!) - this.passages[s]!;
        const to = Math.min(within[1], this.passages[s + 1]!) - this.passages[s]!;
        if (from < to) yield [s, [from, to]];
      }
    }
  }
}

/** What each joined part reads: the segments, and where each starts. */
abstract class Joined {
  constructor(
    protected readonly segments: readonly Segment[],
    protected readonly starts: Starts,
  ) {}

  /** Passages in all the segments. */
  protected get passageCount(): number {
    return this.starts.passages.at(-1)!;
  }
}

class JoinedDocuments extends Joined implements Documents {
  readonly papers: { meta: PaperMeta; hash: string }[];
  private readonly byId: Map<string, number>;

  constructor(segments: readonly Segment[], starts: Starts) {
    super(segments, starts);
    this.papers = segments.flatMap((s) => s.documents.papers);
    this.byId = new Map(this.papers.map((p, i) => [p.meta.id, i]));
  }

  get count(): number {
    return this.papers.length;
  }

  ordinal(paperId: string): number | undefined {
    return this.byId.get(paperId);
  }

  get(ordinal: number): SourceDocument {
    const s = this.starts.of(ordinal, this.starts.papers);
    return this.segments[s]!.documents.get(ordinal - this.starts.papers[s]!);
  }

  passageRange(ordinal: number): [number, number] {
    const s = this.starts.of(ordinal, this.starts.papers);
    const [from, to] = this.segments[s]!.documents.passageRange(ordinal - this.starts.papers[s]!);
    return [from + this.starts.passages[s]!, to + this.starts.passages[s]!];
  }

  ordinalOfPassage(index: number): number {
    const s = this.starts.of(index);
    return this.starts.papers[s]! + this.segments[s]!.documents.ordinalOfPassage(index - this.starts.passages[s]!);
  }
}

class JoinedPassages extends Joined implements Passages {
  get count(): number {
    return this.passageCount;
  }

  get(index: number): Passage {
    const s = this.starts.of(index);
    return this.segments[s]!.passages.get(index - this.starts.passages[s]!);
  }

  find(id: string): number | undefined {
    for (const [s, segment] of this.segments.entries()) {
      const i = segment.passages.find(id);
      if (i !== undefined) return i + this.starts.passages[s]!;
    }
    return undefined;
  }
}

/** Each segment's best `limit`, renumbered, best first overall. */
function merge<H extends { index: number }>(parts: [number, H[]][], starts: Starts, limit: number, score: (h: H) => number): H[] {
  return parts
    .flatMap(([s, hits]) => hits.map((h) => ({ ...h, index: h.index + starts.passages[s]! })))
    .sort((a, b) => score(b) - score(a) || a.index - b.index)
    .slice(0, limit);
}

class JoinedVectors extends Joined implements Vectors {
  get size(): number {
    return this.passageCount;
  }

  get efSearch(): number {
    return this.segments[0]!.vectors.efSearch;
  }

  vector(index: number): Float32Array {
    const s = this.starts.of(index);
    return this.segments[s]!.vectors.vector(index - this.starts.passages[s]!);
  }

  query(vector: Float32Array, limit: number, within?: readonly [number, number]): VectorHit[] {
    const parts = [...this.starts.split(within)].map(([s, range]): [number, VectorHit[]] => [s, this.segments[s]!.vectors.query(vector, limit, range)]);
    return merge(parts, this.starts, limit, (h) => h.similarity);
  }
}

class JoinedLexical extends Joined implements Lexical {
  query(query: string | WeightedTerm[], limit: number, within?: readonly [number, number]): LexicalHit[] {
    // A word one segment holds is the index's own word: no segment matches it fuzzily.
    const known = (term: string) => this.segments.some((s) => s.lexical.vocabulary.id(term) >= 0);
    const parts = [...this.starts.split(within)].map(([s, range]): [number, LexicalHit[]] => [s, this.segments[s]!.lexical.query(query, limit, range, known)]);
    return merge(parts, this.starts, limit, (h) => h.score);
  }
}

/** The segments as one index; one segment is itself. */
export function joinSegments(segments: readonly Segment[]): { documents: Documents; passages: Passages; vectors: Vectors; lexical: Lexical } {
  if (segments.length === 1) return segments[0]!;
  const starts = new Starts(segments);
  return {
    documents: new JoinedDocuments(segments, starts),
    passages: new JoinedPassages(segments, starts),
    vectors: new JoinedVectors(segments, starts),
    lexical: new JoinedLexical(segments, starts),
  };
}
