/**
 * What an uploaded file is, judged by its bytes: the format (the name the user gave only chooses
 * between text formats, which bytes cannot tell apart), whether it reads, and the paper it makes.
 * The user's file name never becomes a path: the stored file is named by its content hash.
 */
import path from "node:path";
import matter from "gray-matter";
import { chunkDocument, DEFAULT_CHUNKING } from "../ingest/chunk.js";
import { formatFor, type IngestLimits, SUPPORTED_EXTENSIONS } from "../ingest/formats/index.js";
import { hashBytes, readPaper } from "../ingest/read-corpus.js";
import type { SourceDocument } from "../ingest/types.js";
import { LibraryRefusal } from "./refusal.js";

/** Title, authors and year given with the upload, over what the file says of itself. */
export interface MetadataOverrides {
  title?: string;
  authors?: string[];
  year?: number;
}

export interface Upload {
  /** The stored file's name: the content hash and the format's extension. */
  fileName: string;
  hash: string;
  /** The bytes to store: the upload's, with front matter added to a Markdown file given a title, authors or year. */
  bytes: Uint8Array;
  /** YAML beside a PDF or Word file, holding the overrides. */
  sidecar?: string;
  document: SourceDocument;
  passages: number;
  warnings: string[];
}

/** Enough of the hash for the name never to collide within one server. */
const NAME_HASH_CHARS = 16;
const TEXT_EXTENSIONS = [".md", ".markdown", ".txt", ".htm", ".html"];

/** A Word file is a zip whose directory names word/document.xml. */
function isDocx(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4 && Buffer.from(bytes).includes("word/document.xml");
}

function extensionOf(bytes: Uint8Array, nameHint: string): string {
  if (isDocx(bytes)) return ".docx";
  const sniffed = formatFor("", bytes.subarray(0, 1024));
  if (sniffed) return sniffed.extensions[0]!;
  if (Buffer.from(bytes.subarray(0, 8)).toString("latin1").startsWith("PK\x03\x04")) {
    throw new LibraryRefusal("It is a zip archive but not a Word document; I read PDF, Word (.docx), Markdown, HTML and plain text.");
  }
  const hinted = path.extname(nameHint).toLowerCase();
  return TEXT_EXTENSIONS.includes(hinted) ? hinted : ".md";
}

function withOverrides(ext: string, bytes: Uint8Array, overrides: MetadataOverrides): { bytes: Uint8Array; sidecar?: string; warnings: string[] } {
  const data = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
  if (Object.keys(data).length === 0) return { bytes, warnings: [] };
  const format = formatFor(ext);
  if (format?.kind === "binary" && format.sidecar) return { bytes, sidecar: matter.stringify("", data).replace(/^---\n|---\n*$/g, ""), warnings: [] };
  const text = Buffer.from(bytes).toString("utf8");
  if (ext === ".md" && !text.startsWith("---")) return { bytes: Buffer.from(matter.stringify(text, data)), warnings: [] };
  return { bytes, warnings: ["The title, authors and year you gave were not used: this file's own metadata (its front matter or <meta> tags) describes it."] };
}

/** Reads the upload as the corpus would; a file that would be skipped is refused with the reason. */
export async function readUpload(bytes: Uint8Array, nameHint: string, overrides: MetadataOverrides, limits: IngestLimits): Promise<Upload> {
  if (bytes.length === 0) throw new LibraryRefusal("The file is empty.");
  const ext = extensionOf(bytes, nameHint);
  const hash = hashBytes(bytes);
  const fileName = `${hash.slice(0, NAME_HASH_CHARS)}${ext}`;
  const stored = withOverrides(ext, bytes, overrides);
  const warnings = [...stored.warnings];
  const sidecar = stored.sidecar ? (matter(`---\n${stored.sidecar}\n---\n`).data as Record<string, unknown>) : {};
  let document: SourceDocument;
  try {
    ({ document } = await readPaper(fileName, stored.bytes, sidecar, limits, (w) => warnings.push(w)));
  } catch (err) {
    throw new LibraryRefusal(`I could not read it: ${(err as Error).message} (I read ${SUPPORTED_EXTENSIONS.join(", ")}.)`);
  }
  if (document.sections.length === 0) throw new LibraryRefusal("It has no text to index (a scanned PDF without a text layer, or an empty document).");
  return { fileName, hash, bytes: stored.bytes, ...(stored.sidecar ? { sidecar: stored.sidecar } : {}), document, passages: chunkDocument(document, DEFAULT_CHUNKING).length, warnings };
}
