/** What an index was built from, so a changed corpus, model or chunking marks it stale; and its own checksum. */
import { createHash } from "node:crypto";
import type { ChunkSettings } from "../ingest/chunk.js";
import type { CorpusFingerprint } from "../ingest/types.js";
import type { HnswSettings } from "./vector-index.js";

/**
 * 3: text once as UTF-8, typed-array postings, statistics stored, the manifest checksummed.
 * 4: the HNSW settings chosen for the index's size, kept in the manifest for serving.
 * 5: segments (papers added to a large index go into a segment of their own), each with its
 *    HNSW settings; section-title document frequencies and passage lengths stored.
 * 6: notes that say something of their own are passages (section "Notes", cited by their label).
 * 7: a word with a capital inside it ("arXiv") counts as capitalised, not as lower case.
 */
export const FORMAT_VERSION = 7;

/** One segment of an index: its own vectors, texts and postings, numbered after the segments before it. */
export interface SegmentManifest {
  papers: number;
  passages: number;
  /** The vector graph's settings, chosen by the segment's size at build (vector-index.ts). */
  hnsw: HnswSettings;
}

export interface IndexManifest {
  formatVersion: number;
  model: { id: string; revision: string; dimension: number };
  corpus: CorpusFingerprint;
  chunking: ChunkSettings;
  papers: number;
  passages: number;
  /** In order; the first holds most of the index, later ones papers added since it was built. */
  segments: SegmentManifest[];
  builtAt: string;
  /** Each data file's size, checked at every load, and sha256, checked on demand (verifyIndex); by path in the build's folder. */
  files: Record<string, { bytes: number; sha256: string }>;
  /** sha256 of this manifest without this field: a changed manifest is a corrupt one. */
  checksum: string;
}

export function manifestChecksum(manifest: Omit<IndexManifest, "checksum">): string {
  const { checksum: _, ...rest } = manifest as IndexManifest;
  return createHash("sha256").update(JSON.stringify(rest)).digest("hex");
}

export interface Expectation {
  modelId: string;
  modelRevision: string;
  /** The loaded model's vector length. */
  dimension: number;
  corpus: CorpusFingerprint;
  chunking: ChunkSettings;
}

/** Why the index no longer matches the corpus and settings, or undefined when it is current. */
export function staleReason(manifest: IndexManifest, expected: Expectation): string | undefined {
  if (manifest.formatVersion !== FORMAT_VERSION) return `it was built by another version of footnote (format ${manifest.formatVersion}, now ${FORMAT_VERSION})`;
  if (manifest.model.id !== expected.modelId) return `the embedding model changed (${manifest.model.id} → ${expected.modelId})`;
  if (manifest.model.revision !== expected.modelRevision) return `the embedding model ${expected.modelId} was rebuilt with other weights`;
  if (manifest.model.dimension !== expected.dimension) return `the index holds vectors of ${manifest.model.dimension} numbers and the model makes ${expected.dimension}`;
  if (JSON.stringify(manifest.chunking) !== JSON.stringify(expected.chunking)) return "the chunking settings changed";
  if (manifest.corpus.hash !== expected.corpus.hash) {
    const { added, removed, changed } = corpusChanges(manifest.corpus, expected.corpus);
    const parts = [
      added.length ? `added ${added.join(", ")}` : "",
      removed.length ? `removed ${removed.join(", ")}` : "",
      changed.length ? `changed ${changed.join(", ")}` : "",
    ].filter(Boolean);
    return `the corpus changed (${parts.join("; ") || "files differ"})`;
  }
  return undefined;
}

/** Files (by id) added to, removed from and changed in a corpus since `before`. */
export function corpusChanges(before: CorpusFingerprint, now: CorpusFingerprint): { added: string[]; removed: string[]; changed: string[] } {
  const was = new Map(before.files.map((f) => [f.id, f.hash]));
  const is = new Map(now.files.map((f) => [f.id, f.hash]));
  return {
    added: [...is.keys()].filter((id) => !was.has(id)),
    removed: [...was.keys()].filter((id) => !is.has(id)),
    changed: [...is.keys()].filter((id) => was.has(id) && was.get(id) !== is.get(id)),
  };
}
