/** The HNSW vector index over passage embeddings (cosine space), via hnswlib-node. */
import hnswlib from "hnswlib-node";

export interface VectorHit {
  index: number;
  /** Cosine similarity, 1 for identical directions. */
  similarity: number;
}

const M = 16;
const EF_CONSTRUCTION = 200;
const EF_SEARCH = 64;
const SEED = 42;

export class VectorIndex {
  private constructor(
    private readonly hnsw: hnswlib.HierarchicalNSW,
    readonly size: number,
  ) {
    hnsw.setEf(EF_SEARCH);
  }

  static build(vectors: Float32Array[], dimension: number): VectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW("cosine", dimension);
    hnsw.initIndex({ maxElements: Math.max(1, vectors.length), m: M, efConstruction: EF_CONSTRUCTION, randomSeed: SEED });
    vectors.forEach((v, label) => hnsw.addPoint(Array.from(v), label));
    return new VectorIndex(hnsw, vectors.length);
  }

  static read(file: string, dimension: number): VectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW("cosine", dimension);
    hnsw.readIndexSync(file);
    if (hnsw.getNumDimensions() !== dimension) throw new Error(`the vectors have ${hnsw.getNumDimensions()} numbers, the manifest says ${dimension}`);
    return new VectorIndex(hnsw, hnsw.getCurrentCount());
  }

  write(file: string): void {
    this.hnsw.writeIndexSync(file);
  }

  /** The stored vector of one passage, so an unchanged passage need not be embedded again. */
  vector(index: number): Float32Array {
    return Float32Array.from(this.hnsw.getPoint(index));
  }

  /** `accept` narrows the search to some passages (by index), e.g. one paper's. */
  query(vector: Float32Array, limit: number, accept?: (index: number) => boolean): VectorHit[] {
    const k = Math.min(limit, this.size);
    if (k === 0) return [];
    const { neighbors, distances } = this.hnsw.searchKnn(Array.from(vector), k, accept);
    return neighbors.map((index, i) => ({ index, similarity: 1 - distances[i]! }));
  }
}
