/** The HNSW vector index over passage embeddings (cosine space), via hnswlib-node. */
import hnswlib from "hnswlib-node";
import { startWorker } from "../worker-thread.js";

export interface VectorHit {
  index: number;
  /** Cosine similarity, 1 for identical directions. */
  similarity: number;
}

/** How a graph was built and is searched; chosen at build (hnswSettings) and kept in the manifest. */
export interface HnswSettings {
  m: number;
  efConstruction: number;
  /** Candidates searched per query; at least the number of results asked for. */
  efSearch: number;
}

const SEED = 42;
/** A range of at most this many passages is searched exactly rather than through the graph. */
const EXACT_RANGE = 8192;

/*
 * From `tsx scripts/hnsw-sweep.ts` over the bench corpus (recall@10 of the dev questions against
 * exact search; passage queries are easier and reached 0.99 by ef 64 at every size): the ef that
 * holds 0.99 grew about threefold per tenfold size (100 at 10k, 300 at 100k), i.e. with the
 * square root of the size, while a query stayed under a millisecond. M 24 lifted recall at small
 * ef (0.94 against 0.89 at 100k, ef 64) for the same build time as 16; a larger efConstruction
 * cost build time the search ef buys back more cheaply.
 */
const M = 24;
const EF_CONSTRUCTION = 200;
const MIN_EF = 64;
const MAX_EF = 1200;

export function hnswSettings(size: number): HnswSettings {
  return { m: M, efConstruction: EF_CONSTRUCTION, efSearch: Math.min(MAX_EF, Math.max(MIN_EF, Math.round(Math.sqrt(size)))) };
}

export class VectorIndex {
  private constructor(
    private readonly hnsw: hnswlib.HierarchicalNSW,
    readonly size: number,
    efSearch: number,
  ) {
    hnsw.setEf(efSearch);
  }

  /** `rows`: the vectors one after another, `dimension` numbers each. */
  static build(rows: Float32Array, dimension: number, settings: HnswSettings): VectorIndex {
    const count = rows.length / dimension;
    const hnsw = new hnswlib.HierarchicalNSW("cosine", dimension);
    hnsw.initIndex({ maxElements: Math.max(1, count), m: settings.m, efConstruction: settings.efConstruction, randomSeed: SEED });
    // hnswlib-node takes plain arrays only: one at a time, so only one copy is alive.
    for (let label = 0; label < count; label++) hnsw.addPoint(Array.from(rows.subarray(label * dimension, (label + 1) * dimension)), label);
    return new VectorIndex(hnsw, count, settings.efSearch);
  }

  static read(file: string, dimension: number, efSearch: number): VectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW("cosine", dimension);
    hnsw.readIndexSync(file);
    if (hnsw.getNumDimensions() !== dimension) throw new Error(`the vectors have ${hnsw.getNumDimensions()} numbers, the manifest says ${dimension}`);
    return new VectorIndex(hnsw, hnsw.getCurrentCount(), efSearch);
  }

  /** The ef this graph is searched with (the manifest's, once read). */
  get efSearch(): number {
    return this.hnsw.getEf();
  }

  write(file: string): void {
    this.hnsw.writeIndexSync(file);
  }

  /** The stored vector of one passage, so an unchanged passage need not be embedded again. */
  vector(index: number): Float32Array {
    return Float32Array.from(this.hnsw.getPoint(index));
  }

  /**
   * `within` narrows the search to a range of passages (by index), e.g. one paper's. A small range
   * is searched exactly: the graph, told to skip most of it, would walk nearly all of it to find
   * enough accepted neighbours (330 ms for one paper of 100k passages at ef 316, against 0.3 ms
   * unfiltered).
   */
  query(vector: Float32Array, limit: number, within?: readonly [number, number]): VectorHit[] {
    const k = Math.min(limit, within ? within[1] - within[0] : this.size);
    if (k <= 0) return [];
    if (within && within[1] - within[0] <= EXACT_RANGE) return this.exact(vector, k, within[0], within[1]);
    const [from, to] = within ?? [0, this.size];
    const { neighbors, distances } = this.hnsw.searchKnn(Array.from(vector), k, within ? (i) => i >= from && i < to : undefined);
    return neighbors.map((index, i) => ({ index, similarity: 1 - distances[i]! }));
  }

  /** Cosine against each stored vector (stored unit-length by the cosine space), as hnswlib scores them. */
  private exact(vector: Float32Array, k: number, from: number, to: number): VectorHit[] {
    let norm = 0;
    for (const x of vector) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    const hits: VectorHit[] = [];
    for (let index = from; index < to; index++) {
      const stored = this.hnsw.getPoint(index);
      let dot = 0;
      for (let j = 0; j < stored.length; j++) dot += vector[j]! * stored[j]!;
      hits.push({ index, similarity: dot / norm });
    }
    return hits.sort((a, b) => b.similarity - a.similarity || a.index - b.index).slice(0, k);
  }
}

/** Below this many vectors a thread costs more to start than building beside the rest saves. */
const THREAD_FROM = 4096;

/**
 * Builds the graph and writes it to `file`. A large one is built in a worker thread, reading
 * `rows` where they lie (shared memory), so the caller's thread writes the rest of the index
 * meanwhile: building a graph uses one core, and the texts and postings take about as long.
 */
export async function writeVectorIndex(rows: Float32Array, dimension: number, settings: HnswSettings, file: string): Promise<void> {
  if (rows.length / dimension < THREAD_FROM || !(rows.buffer instanceof SharedArrayBuffer)) return VectorIndex.build(rows, dimension, settings).write(file);
  const worker = startWorker(import.meta.url, "./vector-build-worker", { rows, dimension, settings, file } satisfies VectorBuild);
  await new Promise<void>((resolve, reject) => {
    // A write error keeps its code (ENOSPC…), which says why the index could not be saved.
    worker.once("message", (m: { error?: string; code?: string }) => (m.error ? reject(Object.assign(new Error(m.error), { code: m.code })) : resolve()));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the thread building the vector graph stopped (exit code ${code})`)));
  }).finally(() => worker.terminate());
}

export interface VectorBuild {
  rows: Float32Array;
  dimension: number;
  settings: HnswSettings;
  file: string;
}
