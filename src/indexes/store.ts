/**
 * Saving and loading a built index. Each build goes into its own folder under `builds/`; the
 * `CURRENT` file names the live one and is replaced by an atomic rename, so a crash mid-build
 * never leaves a half index, and a running engine keeps answering from the old build meanwhile.
 *
 * Opening reads the manifest, checks its checksum and every file's size, and reads only the
 * small arrays (offsets, vocabulary, statistics) and the vector graph; passages, text and
 * postings are read by position when a query needs them. Several processes or worker threads
 * may open one build at once: nothing is written after the build, and the page cache holds
 * the one copy of the files they share.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { startEmbedPool } from "../embed/embed-pool.js";
import type { Embedder } from "../embed/embedder.js";
import { chunkDocument, type ChunkSettings } from "../ingest/chunk.js";
import type { CorpusFingerprint, Passage, SourceDocument } from "../ingest/types.js";
import { capitalisationArrays, countCapitalisation, readCapitalisation, StoredCorpusStats, type CorpusStats, type StatsPart } from "./corpus-stats.js";
import { DocumentStore, PassageStore, storeDocuments } from "./documents.js";
import { buildLexical, lexicalArrays, LexicalIndex, type LexicalPrior } from "./lexical-index.js";
import { FORMAT_VERSION, manifestChecksum, type IndexManifest, type SegmentManifest } from "./manifest.js";
import { PackReader, writePack } from "./pack.js";
import { IndexRefused, shrinkReason, withoutPaths, writeFailure } from "./safety.js";
import { joinSegments, type Documents, type Lexical, type Passages, type Segment, type Vectors } from "./segments.js";
import { hnswSettings, VectorIndex, writeVectorIndex } from "./vector-index.js";

export interface LoadedIndex {
  manifest: IndexManifest;
  documents: Documents;
  passages: Passages;
  vectors: Vectors;
  lexical: Lexical;
  stats: CorpusStats;
  /** The build's folder, which a later build links its segments from. */
  folder: string;
  /** Each segment's own parts, in order. */
  segments: readonly (Segment & Pick<StatsPart, "caps">)[];
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
  /** The build being replaced: a paper whose file and passages are unchanged keeps its vectors instead of being embedded again. */
  previous?: LoadedIndex;
  /** Replace the previous index even when the new one would lose most of it (a moderator confirmed). */
  force?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Worker threads to embed in when there is much to embed (default 1: the main thread). */
  embedThreads?: number;
}

export interface AppendInput extends Omit<BuildInput, "documents" | "previous" | "force"> {
  previous: LoadedIndex;
  /** The papers added to the corpus since `previous` was built; it holds every other paper unchanged. */
  added: SourceDocument[];
  /** Below this many passages a whole rebuild is quick, and gives exact statistics; default SEGMENT_FROM. */
  segmentFrom?: number;
}

const FILES = { manifest: "manifest.json", vectors: "vectors.hnsw", text: "text.pack", docs: "docs.pack", passages: "passages.pack", lexical: "lexical.pack" } as const;
const DATA_FILES = [FILES.vectors, FILES.text, FILES.docs, FILES.passages, FILES.lexical];
/** The first segment's files lie in the build's folder, as an index of one segment's always have. */
const segmentFolder = (i: number) => (i === 0 ? "" : `seg-${i}`);
const segmentFiles = (i: number) => DATA_FILES.map((f) => path.posix.join(segmentFolder(i), f));
const filesOf = (manifest: Pick<IndexManifest, "segments">) => (Array.isArray(manifest.segments) ? manifest.segments : []).flatMap((_, i) => segmentFiles(i));

/**
 * Papers added to an index of at least SEGMENT_FROM passages go into a segment of their own
 * while the later segments together hold at most SEGMENT_SHARE of the first and there are at
 * most MAX_SEGMENTS; past that, or when a paper changed or left, the index is rebuilt whole
 * (reusing every vector). Below SEGMENT_FROM, a whole rebuild without embedding takes seconds
 * (the default paper's: under one); at 100k it takes about a minute, an appended paper one second.
 */
const SEGMENT_FROM = 20_000;
const SEGMENT_SHARE = 0.1;
const MAX_SEGMENTS = 8;
const CURRENT = "CURRENT";
/** Texts per call to the embedder: big enough to keep its batches full, small enough to report progress. */
const BATCH = 256;
/** Below this many texts, starting threads (each loads the model) costs more than it saves. */
const PARALLEL_MIN = 4096;

/** The text a passage is embedded as: its section title gives short paragraphs their topic. */
export function embeddingText(p: Passage): string {
  return `${p.citation.section}. ${p.text}`;
}

export async function buildIndex(input: BuildInput): Promise<LoadedIndex & { embedded: number }> {
  const passages = input.documents.flatMap((d) => chunkDocument(d, input.chunking));
  const size = { papers: input.documents.length, passages: passages.length };
  const refusal = input.force ? undefined : shrinkReason(input.previous?.manifest, size);
  if (refusal) throw new IndexRefused(`Not rebuilt: ${refusal}. Confirm to rebuild anyway.`);
  const { vectors, embedded } = await embedPassages(passages, input);
  const segment: SegmentManifest = { ...size, hnsw: hnswSettings(size.passages) };
  const manifest = manifestOf(input, size, [segment]);
  try {
    const built = await save(input.indexDir, manifest, (tmp) => writeSegment(path.join(tmp, segmentFolder(0)), input.documents, passages, vectors, input.embedder.dimension, segment));
    return { ...built, embedded };
  } catch (err) {
    throw writeFailure(err, input.previous !== undefined) ?? err;
  }
}

/**
 * Adds papers to an index as a segment of their own: only they are read, embedded and written;
 * the index's other segments are linked into the new build, not copied. Undefined when the index
 * should be rebuilt whole instead (see SEGMENT_FROM).
 */
export async function appendIndex(input: AppendInput): Promise<(LoadedIndex & { embedded: number }) | undefined> {
  const { previous: prev } = input;
  const held = prev.manifest.segments;
  const sameModel = prev.manifest.model.id === input.embedder.modelId && prev.manifest.model.revision === input.embedder.revision;
  const sameChunking = JSON.stringify(prev.manifest.chunking) === JSON.stringify(input.chunking);
  if (!sameModel || !sameChunking || held[0]!.passages < (input.segmentFrom ?? SEGMENT_FROM)) return undefined;
  const passages = input.added.flatMap((d) => chunkDocument(d, input.chunking));
  const later = held.slice(1).reduce((n, s) => n + s.passages, 0) + passages.length;
  // Added files that could not be read add no segment; the new build records them, so they are not read at every start.
  const grows = passages.length > 0;
  if (grows && (held.length >= MAX_SEGMENTS || later > SEGMENT_SHARE * held[0]!.passages)) return undefined;
  const { vectors, embedded } = await embedPassages(passages, { ...input, documents: input.added });
  const segment: SegmentManifest = { papers: input.added.length, passages: passages.length, hnsw: hnswSettings(passages.length) };
  const segments = grows ? [...held, segment] : held;
  const manifest = manifestOf(input, { papers: prev.manifest.papers + (grows ? segment.papers : 0), passages: prev.manifest.passages + segment.passages }, segments);
  for (const file of filesOf(prev.manifest)) manifest.files[file] = prev.manifest.files[file]!;
  try {
    // The linked segments are the files the previous build has open: it lends its readers.
    const built = await save(
      input.indexDir,
      manifest,
      async (tmp) => {
        for (const file of filesOf(prev.manifest)) await linkOrCopy(path.join(prev.folder, file), path.join(tmp, file));
        if (grows) await writeSegment(path.join(tmp, segmentFolder(held.length)), input.added, passages, vectors, input.embedder.dimension, segment, lexicalPrior(prev));
      },
      prev.segments,
    );
    return { ...built, embedded };
  } catch (err) {
    // The previous build's folder is gone (another process replaced it): build whole instead.
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw writeFailure(err, true) ?? err;
  }
}

function manifestOf(input: Omit<BuildInput, "documents">, size: { papers: number; passages: number }, segments: SegmentManifest[]): Omit<IndexManifest, "checksum"> {
  return {
    formatVersion: FORMAT_VERSION,
    model: { id: input.embedder.modelId, revision: input.embedder.revision, dimension: input.embedder.dimension },
    corpus: input.corpus,
    chunking: input.chunking,
    ...size,
    segments,
    builtAt: new Date().toISOString(),
    files: {},
  };
}

/** The vector graph is built beside the rest (in a thread of its own when large); `vectors` are rows, `dimension` numbers each. */
async function writeSegment(folder: string, documents: SourceDocument[], passages: Passage[], vectors: Float32Array, dimension: number, segment: SegmentManifest, prior?: LexicalPrior): Promise<void> {
  const graph = writeVectorIndex(vectors, dimension, segment.hnsw, path.join(folder, FILES.vectors));
  // Settled here too, so a failure below does not leave it unhandled.
  graph.catch(() => undefined);
  const stored = storeDocuments(documents, passages);
  writePack(path.join(folder, FILES.text), stored.text);
  writePack(path.join(folder, FILES.docs), stored.docs);
  writePack(path.join(folder, FILES.passages), stored.passages);
  const lexical = buildLexical(
    passages.map((p) => ({ text: p.text, section: p.citation.section })),
    prior,
  );
  const caps = countCapitalisation(documents.map((d) => d.text));
  writePack(path.join(folder, FILES.lexical), { ...lexicalArrays(lexical), ...capitalisationArrays(caps) });
  await graph;
}

/** The statistics of an index's segments together, for weighing a new segment's terms. */
function lexicalPrior(index: LoadedIndex): LexicalPrior {
  const parts = index.segments.map((s) => s.lexical);
  const total = parts.reduce((n, l) => n + l.shape[0]!, 0);
  const mean = (k: number) => (total ? parts.reduce((n, l) => n + l.shape[k]! * l.shape[0]!, 0) / total : 0);
  return {
    shape: Float64Array.of(total, mean(1), mean(2)),
    df(term) {
      const df = { text: 0, section: 0 };
      for (const l of parts) {
        const id = l.vocabulary.id(term);
        if (id >= 0) {
          df.text += l.dfText[id]!;
          df.section += l.dfSection[id]!;
        }
      }
      return df;
    },
  };
}

/** A hard link shares the file's bytes with the build it came from; where links are not allowed, a copy. The folder is there (save makes each segment's). */
async function linkOrCopy(from: string, to: string): Promise<void> {
  await link(from, to).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") throw err;
    return copyFile(from, to);
  });
}

/**
 * Vectors of the previous build are reused for a paper whose file is unchanged and whose passages
 * read the same; in a changed paper, for each passage that reads as one of its passages did.
 * Other papers are embedded.
 */
async function embedPassages(passages: Passage[], input: Omit<BuildInput, "previous"> & { previous?: LoadedIndex }): Promise<{ vectors: Float32Array; embedded: number }> {
  const dimension = input.embedder.dimension;
  // In shared memory, so the thread building the vector graph reads them where they are.
  const vectors = new Float32Array(new SharedArrayBuffer(passages.length * dimension * Float32Array.BYTES_PER_ELEMENT));
  const put = (i: number, v: Float32Array) => vectors.set(v, i * dimension);
  const prev = input.previous;
  const sameModel = prev && prev.manifest.model.id === input.embedder.modelId && prev.manifest.model.revision === input.embedder.revision;
  let at = 0;
  const todo: number[] = [];
  for (const doc of input.documents) {
    const from = at;
    while (at < passages.length && passages[at]!.paperId === doc.meta.id) at++;
    const o = sameModel ? prev.documents.ordinal(doc.meta.id) : undefined;
    const [pFrom, pTo] = o === undefined ? [0, 0] : prev!.documents.passageRange(o);
    const reusable =
      o !== undefined &&
      prev!.documents.papers[o]!.hash === doc.hash &&
      pTo - pFrom === at - from &&
      passages.slice(from, at).every((p, i) => embeddingText(prev!.passages.get(pFrom + i)) === embeddingText(p));
    const before = reusable ? undefined : new Map(Array.from({ length: pTo - pFrom }, (_, j) => [embeddingText(prev!.passages.get(pFrom + j)), pFrom + j]));
    for (let i = from; i < at; i++) {
      const known = reusable ? pFrom + i - from : before!.get(embeddingText(passages[i]!));
      if (known !== undefined) put(i, prev!.vectors.vector(known));
      else todo.push(i);
    }
  }
  input.onProgress?.(0, todo.length);
  const threads = input.embedThreads ?? 1;
  if (threads > 1 && todo.length >= PARALLEL_MIN) {
    const pool = await startEmbedPool(input.embedder, threads);
    try {
      const embedded = await pool.embedAll(todo.map((i) => embeddingText(passages[i]!)), BATCH, (done) => input.onProgress?.(done, todo.length));
      todo.forEach((i, j) => put(i, embedded[j]!));
    } finally {
      await pool.close();
    }
    return { vectors, embedded: todo.length };
  }
  for (let b = 0; b < todo.length; b += BATCH) {
    const batch = todo.slice(b, b + BATCH);
    const embedded = await input.embedder.embed(batch.map((i) => embeddingText(passages[i]!)));
    batch.forEach((i, j) => put(i, embedded[j]!));
    input.onProgress?.(Math.min(b + BATCH, todo.length), todo.length);
  }
  return { vectors, embedded: todo.length };
}

async function sha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * Writes a build into a fresh folder, opens it, and makes it the live one. It is opened before it
 * goes live: once live, a build another process finishes later may remove it, and open files
 * stay readable where a path does not.
 */
async function save(indexDir: string, manifest: Omit<IndexManifest, "checksum">, write: (tmp: string) => void | Promise<void>, reuse?: LoadedIndex["segments"]): Promise<LoadedIndex> {
  const buildsDir = path.join(indexDir, "builds");
  const id = `${manifest.builtAt.replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
  const tmp = path.join(buildsDir, `.tmp-${id}`);
  const final = path.join(buildsDir, id);
  let opened: LoadedIndex;
  /** The build that was live when this one went live. */
  let current = "";
  await mkdir(tmp, { recursive: true });
  try {
    for (const [i] of manifest.segments.entries()) await mkdir(path.join(tmp, segmentFolder(i)), { recursive: true });
    await write(tmp);
    // Files linked from an earlier build come with their recorded sums.
    for (const file of filesOf(manifest)) {
      manifest.files[file] ??= { bytes: (await stat(path.join(tmp, file))).size, sha256: await sha256(path.join(tmp, file)) };
    }
    const sealed: IndexManifest = { ...manifest, checksum: manifestChecksum(manifest) };
    await writeFile(path.join(tmp, FILES.manifest), JSON.stringify(sealed, null, 2));
    opened = await open(tmp, sealed, reuse);
    await rename(tmp, final);
    opened.folder = final;
    // A build that finished after a newer one started and went live is superseded: CURRENT only moves forward.
    current = await readFile(path.join(indexDir, CURRENT), "utf8").then((t) => t.trim(), () => "");
    if (!(current > id && (await stat(path.join(buildsDir, current)).then(() => true, () => false)))) {
      // Named for this build, so two processes building at once never rename each other's pointer.
      const pointer = path.join(indexDir, `${CURRENT}.${id}.tmp`);
      await writeFile(pointer, id);
      await rename(pointer, path.join(indexDir, CURRENT));
    }
  } catch (err) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
  await removeOldBuilds(indexDir, id, current).catch(() => undefined);
  return opened;
}

/** An unfinished build older than this was left by a crash; a younger one may belong to another process still at work. */
const ABANDONED_MS = 60 * 60 * 1000;


/**
 * Best effort: the new build is live whatever happens here. Only the build this one replaced and
 * older ones go (build names start with their time), and never the one CURRENT names: a build
 * another process is finishing meanwhile started after the replaced one, so it is left, and it
 * will not take CURRENT back from this newer one. An engine still
 * reading a removed build keeps its open files.
 */
async function removeOldBuilds(indexDir: string, ours: string, replaced: string): Promise<void> {
  const buildsDir = path.join(indexDir, "builds");
  const live = (await readFile(path.join(indexDir, CURRENT), "utf8")).trim();
  for (const name of await readdir(buildsDir)) {
    if (name === live) continue;
    if (name.startsWith(".tmp-")) {
      if (Date.now() - (await stat(path.join(buildsDir, name))).mtimeMs < ABANDONED_MS) continue;
    } else if (name >= ours || name > replaced) continue;
    await rm(path.join(buildsDir, name), { recursive: true, force: true });
  }
}

async function liveBuild(indexDir: string): Promise<string> {
  let id: string;
  try {
    id = (await readFile(path.join(indexDir, CURRENT), "utf8")).trim();
  } catch {
    throw new IndexError("missing", "There is no index yet.");
  }
  return path.join(indexDir, "builds", id);
}

async function readManifest(dir: string): Promise<IndexManifest> {
  let manifest: IndexManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, FILES.manifest), "utf8")) as IndexManifest;
  } catch {
    throw new IndexError("corrupt", `The index is incomplete or damaged: ${FILES.manifest} cannot be read.`);
  }
  if (manifest?.formatVersion !== FORMAT_VERSION) return manifest; // stale: the caller rebuilds it, whatever else it holds
  if (typeof manifest.checksum !== "string" || manifest.checksum !== manifestChecksum(manifest)) {
    throw new IndexError("corrupt", `The index is damaged: ${FILES.manifest} does not match its checksum.`);
  }
  for (const file of filesOf(manifest)) {
    const bytes = await stat(path.join(dir, file)).then(
      (s) => s.size,
      () => -1,
    );
    if (bytes < 0) throw new IndexError("corrupt", `The index is incomplete: ${file} is missing.`);
    if (bytes !== manifest.files[file]?.bytes) throw new IndexError("corrupt", `The index is corrupt: ${file} is not the size its manifest records.`);
  }
  return manifest;
}

/**
 * Loads the live build, checking the manifest's checksum and each file's size (the cheap check;
 * `verifyIndex` reads every byte). A build of another format version comes back with its
 * manifest only, for the caller to see it is stale; use `isCurrentFormat`.
 */
export async function loadIndex(indexDir: string): Promise<LoadedIndex> {
  const dir = await liveBuild(indexDir);
  const manifest = await readManifest(dir);
  if (manifest.formatVersion !== FORMAT_VERSION) {
    throw new IndexError("corrupt", `The index was built by another version of footnote (format ${manifest.formatVersion}, now ${FORMAT_VERSION}).`);
  }
  return open(dir, manifest);
}

/** `reuse`: segments already open, read from the same files, taken for the first of this build's. */
async function open(dir: string, known?: IndexManifest, reuse: LoadedIndex["segments"] = []): Promise<LoadedIndex> {
  const manifest = known ?? (await readManifest(dir));
  try {
    const segments = manifest.segments.map((expected, i) => reuse[i] ?? openSegment(path.join(dir, segmentFolder(i)), manifest.model.dimension, expected));
    const passages = segments.reduce((n, s) => n + s.passages.count, 0);
    if (passages !== manifest.passages) throw new Error("its segments disagree with the manifest on the number of passages");
    return { manifest, ...joinSegments(segments), stats: new StoredCorpusStats(segments, passages), folder: dir, segments };
  } catch (err) {
    if (err instanceof IndexError) throw err;
    throw new IndexError("corrupt", `The index could not be read (${withoutPaths((err as Error).message)}).`);
  }
}

function openSegment(folder: string, dimension: number, expected: SegmentManifest): Segment & Pick<StatsPart, "caps"> {
  const text = PackReader.open(path.join(folder, FILES.text));
  const lexicalPack = PackReader.open(path.join(folder, FILES.lexical));
  const passages = new PassageStore(PackReader.open(path.join(folder, FILES.passages)), text);
  const lexical = LexicalIndex.read(lexicalPack, passages.count);
  const vectors = VectorIndex.read(path.join(folder, FILES.vectors), dimension, expected.hnsw.efSearch);
  if (passages.count !== expected.passages || vectors.size !== expected.passages) throw new Error("its parts disagree on the number of passages");
  return {
    documents: new DocumentStore(PackReader.open(path.join(folder, FILES.docs)), text),
    passages,
    vectors,
    lexical,
    caps: readCapitalisation(lexicalPack),
  };
}

/** The full check: every file's sha256 against the manifest. Undefined when whole, else what is wrong. */
export async function verifyIndex(indexDir: string): Promise<string | undefined> {
  try {
    const dir = await liveBuild(indexDir);
    const manifest = await readManifest(dir);
    for (const file of filesOf(manifest)) {
      if ((await sha256(path.join(dir, file))) !== manifest.files[file]?.sha256) return `${file} does not match its checksum`;
    }
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
