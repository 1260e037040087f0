/**
 * Saving and loading a built index. Each build goes into its own folder under `builds/`; the
 * `CURRENT` file names the live one and is replaced by an atomic rename, so a crash mid-build
 * never leaves a half index, and a running engine keeps answering from the old build meanwhile.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Embedder } from "../embed/embedder.js";
import { chunkDocument, type ChunkSettings } from "../ingest/chunk.js";
import { hashBytes } from "../ingest/read-corpus.js";
import type { CorpusFingerprint, Passage, SourceDocument } from "../ingest/types.js";
import { LexicalIndex } from "./lexical-index.js";
import { FORMAT_VERSION, type IndexManifest } from "./manifest.js";
import { VectorIndex } from "./vector-index.js";

export interface LoadedIndex {
  manifest: IndexManifest;
  documents: SourceDocument[];
  passages: Passage[];
  vectors: VectorIndex;
  lexical: LexicalIndex;
}

export class IndexError extends Error {
  constructor(
    readonly kind: "missing" | "corrupt",
    message: string,
  ) {
    super(message);
    this.name = "IndexError";
  }
}

export interface BuildInput {
  indexDir: string;
  documents: SourceDocument[];
  corpus: CorpusFingerprint;
  embedder: Embedder;
  chunking: ChunkSettings;
  /** The build being replaced: passages whose text is unchanged reuse its vectors instead of being embedded again. */
  previous?: LoadedIndex;
  onProgress?: (done: number, total: number) => void;
}

const FILES = { manifest: "manifest.json", vectors: "vectors.hnsw", lexical: "lexical.json", documents: "documents.json", passages: "passages.json" };
const CURRENT = "CURRENT";
const BATCH = 64;

/** The text a passage is embedded as: its section title gives short paragraphs their topic. */
export function embeddingText(p: Passage): string {
  return `${p.citation.section}. ${p.text}`;
}

export async function buildIndex(input: BuildInput): Promise<LoadedIndex & { embedded: number }> {
  const passages = input.documents.flatMap((d) => chunkDocument(d, input.chunking));
  const vectors = await embedPassages(passages, input);
  const built: LoadedIndex = {
    manifest: {
      formatVersion: FORMAT_VERSION,
      model: { id: input.embedder.modelId, revision: input.embedder.revision, dimension: input.embedder.dimension },
      corpus: input.corpus,
      chunking: input.chunking,
      passages: passages.length,
      builtAt: new Date().toISOString(),
      checksums: {},
    },
    documents: input.documents,
    passages,
    vectors: VectorIndex.build(vectors.vectors, input.embedder.dimension),
    lexical: LexicalIndex.build(passages),
  };
  await save(input.indexDir, built);
  return { ...built, embedded: vectors.embedded };
}

async function embedPassages(passages: Passage[], input: BuildInput): Promise<{ vectors: Float32Array[]; embedded: number }> {
  const reusable = new Map<string, Float32Array>();
  const prev = input.previous;
  if (prev && prev.manifest.model.id === input.embedder.modelId && prev.manifest.model.revision === input.embedder.revision) {
    prev.passages.forEach((p, i) => reusable.set(embeddingText(p), prev.vectors.vector(i)));
  }
  const vectors: Float32Array[] = new Array(passages.length);
  const todo: number[] = [];
  passages.forEach((p, i) => {
    const known = reusable.get(embeddingText(p));
    if (known) vectors[i] = known;
    else todo.push(i);
  });
  input.onProgress?.(0, todo.length);
  for (let b = 0; b < todo.length; b += BATCH) {
    const batch = todo.slice(b, b + BATCH);
    const embedded = await input.embedder.embed(batch.map((i) => embeddingText(passages[i]!)));
    batch.forEach((i, j) => (vectors[i] = embedded[j]!));
    input.onProgress?.(Math.min(b + BATCH, todo.length), todo.length);
  }
  return { vectors, embedded: todo.length };
}

async function save(indexDir: string, index: LoadedIndex): Promise<void> {
  const buildsDir = path.join(indexDir, "builds");
  const id = `${index.manifest.builtAt.replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
  const tmp = path.join(buildsDir, `.tmp-${id}`);
  await mkdir(tmp, { recursive: true });
  try {
    index.vectors.write(path.join(tmp, FILES.vectors));
    await writeFile(path.join(tmp, FILES.lexical), index.lexical.toJSON());
    await writeFile(path.join(tmp, FILES.documents), JSON.stringify(index.documents));
    await writeFile(path.join(tmp, FILES.passages), JSON.stringify(index.passages));
    for (const file of [FILES.vectors, FILES.lexical, FILES.documents, FILES.passages]) {
      index.manifest.checksums[file] = hashBytes(await readFile(path.join(tmp, file)));
    }
    await writeFile(path.join(tmp, FILES.manifest), JSON.stringify(index.manifest, null, 2));
    await rename(tmp, path.join(buildsDir, id));
    // Named for this build, so two processes building at once never rename each other's pointer.
    const pointer = path.join(indexDir, `${CURRENT}.${id}.tmp`);
    await writeFile(pointer, id);
    await rename(pointer, path.join(indexDir, CURRENT));
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
  await removeOldBuilds(indexDir, id).catch(() => undefined);
}

/** An unfinished build older than this was left by a crash; a younger one may belong to another process still at work. */
const ABANDONED_MS = 60 * 60 * 1000;

/**
 * Best effort: the new build is live whatever happens here. Only builds older than this one go
 * (build names start with their time), and never the one CURRENT names: a build another process
 * finishes meanwhile is newer, and is left to that process to tidy after.
 */
async function removeOldBuilds(indexDir: string, ours: string): Promise<void> {
  const buildsDir = path.join(indexDir, "builds");
  const live = (await readFile(path.join(indexDir, CURRENT), "utf8")).trim();
  for (const name of await readdir(buildsDir)) {
    if (name === live) continue;
    if (name.startsWith(".tmp-")) {
      if (Date.now() - (await stat(path.join(buildsDir, name))).mtimeMs < ABANDONED_MS) continue;
    } else if (name >= ours) continue;
    await rm(path.join(buildsDir, name), { recursive: true, force: true });
  }
}

/** Loads the live build, verifying every file against the manifest's checksums. */
export async function loadIndex(indexDir: string): Promise<LoadedIndex> {
  let id: string;
  try {
    id = (await readFile(path.join(indexDir, CURRENT), "utf8")).trim();
  } catch {
    throw new IndexError("missing", `No index in ${indexDir} yet.`);
  }
  const dir = path.join(indexDir, "builds", id);
  const read = async (file: string) => {
    try {
      return await readFile(path.join(dir, file));
    } catch {
      throw new IndexError("corrupt", `The index in ${indexDir} is incomplete: ${file} is missing.`);
    }
  };
  try {
    const manifest = JSON.parse((await read(FILES.manifest)).toString("utf8")) as IndexManifest;
    const data: Record<string, Buffer> = {};
    for (const file of [FILES.vectors, FILES.lexical, FILES.documents, FILES.passages]) {
      data[file] = await read(file);
      if (hashBytes(data[file]) !== manifest.checksums?.[file]) {
        throw new IndexError("corrupt", `The index in ${indexDir} is corrupt: ${file} does not match its checksum.`);
      }
    }
    const passages = JSON.parse(data[FILES.passages]!.toString("utf8")) as Passage[];
    return {
      manifest,
      documents: JSON.parse(data[FILES.documents]!.toString("utf8")) as SourceDocument[],
      passages,
      vectors: VectorIndex.read(path.join(dir, FILES.vectors), manifest.model.dimension),
      lexical: LexicalIndex.fromJSON(data[FILES.lexical]!.toString("utf8"), passages),
    };
  } catch (err) {
    if (err instanceof IndexError) throw err;
    throw new IndexError("corrupt", `The index in ${indexDir} could not be read (${(err as Error).message}).`);
  }
}
