/** Reads every paper under the corpus folder. Files that cannot be read are skipped with a warning naming them. */
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseMarkdown, type ParsedPaper } from "./markdown.js";
import { parsePdf, parseSidecar } from "./pdf.js";
import { parsePlainText } from "./plain-text.js";
import type { CorpusFingerprint, SourceDocument } from "./types.js";

type Parser = (text: string, fallbackTitle: string) => ParsedPaper;

const PARSERS: Record<string, Parser> = {
  ".md": parseMarkdown,
  ".markdown": parseMarkdown,
  ".txt": parsePlainText,
};

export const SUPPORTED_EXTENSIONS = [...Object.keys(PARSERS), ".pdf"];

/** A PDF has no front matter, so its metadata may sit beside it: `paper.pdf` takes `paper.pdf.yaml`. */
const SIDECAR_SUFFIX = ".yaml";

const isPdf = (id: string) => path.extname(id).toLowerCase() === ".pdf";

export interface CorpusFile {
  /** Path relative to the corpus folder, with forward slashes: the paper's id. */
  id: string;
  absolutePath: string;
}

export interface CorpusReadResult {
  documents: SourceDocument[];
  warnings: string[];
}

export class CorpusError extends Error {
  override name = "CorpusError";
}

/**
 * Every supported file under `dir` (symbolic links to files included), sorted; dot-files and
 * README.md files, which describe a folder rather than being papers, are skipped.
 */
export async function listCorpus(dir: string): Promise<CorpusFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CorpusError(
      code === "ENOENT" || code === "ENOTDIR"
        ? `The corpus folder ${dir} does not exist. Create it and put papers in it, or set CORPUS_DIR to the folder that has them.`
        : `The corpus folder ${dir} cannot be read (${code ?? (err as Error).message}).`,
    );
  }
  const files = [];
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name.toLowerCase() === "readme.md") continue;
    const absolutePath = path.join(e.parentPath, e.name);
    if (!SUPPORTED_EXTENSIONS.includes(path.extname(e.name).toLowerCase())) continue;
    // A broken link is listed too, so that reading it gives a warning that names it.
    if (e.isFile() || (e.isSymbolicLink() && (await stat(absolutePath).then((s) => s.isFile(), () => true)))) {
      files.push({ id: path.relative(dir, absolutePath).split(path.sep).join("/"), absolutePath });
    }
  }
  return files.sort((a, b) => a.id.localeCompare(b.id));
}

export function hashBytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Content hashes of every corpus file and PDF sidecar (editing one changes the metadata), cheap enough to check at every start. */
export async function fingerprintCorpus(dir: string): Promise<CorpusFingerprint> {
  const hashed = async (id: string, absolutePath: string) => ({ id, hash: hashBytes(await readFile(absolutePath)) });
  // A file that cannot be read still counts, by its error: reading the corpus will skip it with a warning.
  const hashedOrError = (id: string, absolutePath: string) =>
    hashed(id, absolutePath).catch((err: NodeJS.ErrnoException) => ({ id, hash: `unreadable:${err.code ?? err.message}` }));
  const files = (
    await Promise.all(
      (await listCorpus(dir)).map(async (f) => {
        const sidecar = isPdf(f.id) ? await hashed(f.id + SIDECAR_SUFFIX, f.absolutePath + SIDECAR_SUFFIX).catch(ifMissing(undefined)) : undefined;
        return [await hashedOrError(f.id, f.absolutePath), ...(sidecar ? [sidecar] : [])];
      }),
    )
  ).flat();
  return { hash: hashBytes(Buffer.from(JSON.stringify(files))), files };
}

export async function readCorpus(dir: string): Promise<CorpusReadResult> {
  const documents: SourceDocument[] = [];
  const warnings: string[] = [];
  for (const file of await listCorpus(dir)) {
    try {
      const bytes = await readFile(file.absolutePath);
      const sidecar = isPdf(file.id) ? await readSidecar(file, warnings) : undefined;
      const doc = await parseFile(file.id, bytes, sidecar);
      if (doc.sections.length === 0) warnings.push(`Skipped ${file.id}: it has no text to index.`);
      else documents.push(doc);
    } catch (err) {
      warnings.push(`Skipped ${file.id}: ${(err as Error).message}`);
    }
  }
  return { documents, warnings };
}

/** A broken sidecar costs the paper its extra metadata, not its place in the index. */
async function readSidecar(file: CorpusFile, warnings: string[]): Promise<Record<string, unknown>> {
  const yaml = await readFile(file.absolutePath + SIDECAR_SUFFIX, "utf8").catch(ifMissing(undefined));
  if (yaml === undefined) return {};
  try {
    return parseSidecar(yaml);
  } catch (err) {
    warnings.push(`Ignored ${file.id}${SIDECAR_SUFFIX}: ${(err as Error).message.split("\n", 1)[0]}`);
    return {};
  }
}

function ifMissing<T>(value: T): (err: NodeJS.ErrnoException) => T {
  return (err) => {
    if (err.code === "ENOENT") return value;
    throw err;
  };
}

/** Any supported paper: PDFs need asynchronous extraction and take their sidecar's metadata; text files go to parseDocument. */
export async function parseFile(id: string, bytes: Uint8Array, sidecar: Record<string, unknown> = {}): Promise<SourceDocument> {
  if (!isPdf(id)) return parseDocument(id, bytes);
  if (bytes.length === 0) throw new Error("the file is empty.");
  const { meta, sections, text } = await parsePdf(bytes, fallbackTitle(id), sidecar);
  return { meta: { ...meta, id }, text, hash: hashBytes(bytes), sections };
}

/** A Markdown or plain-text paper. */
export function parseDocument(id: string, bytes: Uint8Array): SourceDocument {
  if (isPdf(id)) throw new Error("a PDF is read with parseFile, which extracts its text.");
  if (bytes.length === 0) throw new Error("the file is empty.");
  if (bytes.includes(0)) throw new Error("it looks like a binary file, not text.");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error("it is not valid UTF-8 text.");
  }
  const parse = PARSERS[path.extname(id).toLowerCase()];
  if (!parse) throw new Error(`unsupported file type (supported: ${SUPPORTED_EXTENSIONS.join(", ")}).`);
  const { meta, sections } = parse(text, fallbackTitle(id));
  return { meta: { ...meta, id }, text, hash: hashBytes(bytes), sections };
}

function fallbackTitle(id: string): string {
  return path.basename(id, path.extname(id));
}
