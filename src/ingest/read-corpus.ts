/** Reads every paper under the corpus folder. Files that cannot be read are skipped with a warning naming them. */
import { createHash } from "node:crypto";
import { open, readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { DEFAULT_LIMITS, type Format, formatFor, type IngestLimits, SUPPORTED_EXTENSIONS } from "./formats/index.js";
import { parseSidecar } from "./sidecar.js";
import { assemble, type ParsedPaper } from "./assemble.js";
import type { CorpusFileHash, CorpusFingerprint, SourceDocument } from "./types.js";

export { SUPPORTED_EXTENSIONS };

/** A PDF or Word file has no front matter, so its metadata may sit beside it: `paper.pdf` takes `paper.pdf.yaml`. */
const SIDECAR_SUFFIX = ".yaml";

const takesSidecar = (id: string) => {
  const format = formatFor(path.extname(id));
  return format?.kind === "binary" && format.sidecar;
};

export interface CorpusFile {
  /** Path relative to the corpus folder, with forward slashes: the paper's id. */
  id: string;
  absolutePath: string;
}

export interface CorpusListing {
  files: CorpusFile[];
  /** Files of a type no format reads (sidecars aside): each gets a warning, never silence. */
  unreadable: string[];
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
  return (await scanCorpus(dir)).files;
}

/** The corpus's papers, and the files in it that nothing reads. A file with an unknown extension is a paper if its first bytes show a format. */
export async function scanCorpus(dir: string): Promise<CorpusListing> {
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
  const unreadable: string[] = [];
  const names = new Set(entries.map((e) => path.join(e.parentPath, e.name)));
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name.toLowerCase() === "readme.md") continue;
    const absolutePath = path.join(e.parentPath, e.name);
    // A broken link is listed too, so that reading it gives a warning that names it.
    if (!(e.isFile() || (e.isSymbolicLink() && (await stat(absolutePath).then((s) => s.isFile(), () => true))))) continue;
    const id = path.relative(dir, absolutePath).split(path.sep).join("/");
    const isSidecar = e.name.endsWith(SIDECAR_SUFFIX) && names.has(absolutePath.slice(0, -SIDECAR_SUFFIX.length)) && takesSidecar(absolutePath.slice(0, -SIDECAR_SUFFIX.length));
    if (isSidecar) continue;
    if (SUPPORTED_EXTENSIONS.includes(path.extname(e.name).toLowerCase()) || (await sniffFile(absolutePath))) files.push({ id, absolutePath });
    else unreadable.push(id);
  }
  return { files: files.sort((a, b) => a.id.localeCompare(b.id)), unreadable: unreadable.sort() };
}

async function sniffFile(file: string): Promise<Format | undefined> {
  const handle = await open(file).catch(() => undefined);
  if (!handle) return undefined;
  try {
    const head = new Uint8Array(1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return formatFor(path.extname(file), head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

export function hashBytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * A file whose mtime is this close to (or after) the moment it was last hashed may have been
 * written again within the same clock tick: it is hashed again rather than trusted by its stat.
 */
const RACY_MS = 2000;

/**
 * Content hashes of every corpus file and PDF sidecar (editing one changes the metadata), cheap
 * enough to check at every start. With `known` (the fingerprint the index was built from), a file
 * whose size and mtime are those recorded there keeps its recorded hash unread, as git does, so
 * a large corpus is not read whole at every start.
 */
export async function fingerprintCorpus(dir: string, known?: CorpusFingerprint): Promise<CorpusFingerprint> {
  const takenAtMs = Date.now();
  const before = new Map((known?.files ?? []).map((f) => [f.id, f]));
  const hashed = async (id: string, absolutePath: string): Promise<CorpusFileHash> => {
    const { size, mtimeMs } = await stat(absolutePath);
    const was = before.get(id);
    const trusted = was?.bytes === size && was.mtimeMs === mtimeMs && known?.takenAtMs !== undefined && mtimeMs < known.takenAtMs - RACY_MS;
    return { id, hash: trusted ? was.hash : hashBytes(await readFile(absolutePath)), bytes: size, mtimeMs };
  };
  // A file that cannot be read still counts, by its error: reading the corpus will skip it with a warning.
  const hashedOrError = (id: string, absolutePath: string) =>
    hashed(id, absolutePath).catch((err: NodeJS.ErrnoException) => ({ id, hash: `unreadable:${err.code ?? err.message}` }));
  const files = (
    await Promise.all(
      (await listCorpus(dir)).map(async (f) => {
        const sidecar = takesSidecar(f.id) ? await hashed(f.id + SIDECAR_SUFFIX, f.absolutePath + SIDECAR_SUFFIX).catch(ifMissing(undefined)) : undefined;
        return [await hashedOrError(f.id, f.absolutePath), ...(sidecar ? [sidecar] : [])];
      }),
    )
  ).flat();
  return { hash: corpusHash(files), files, takenAtMs };
}

/** Over ids and content hashes only: touching a file without changing it changes nothing. */
export function corpusHash(files: CorpusFileHash[]): string {
  return hashBytes(Buffer.from(JSON.stringify(files.map(({ id, hash }) => ({ id, hash })))));
}

/** `only`: the ids of the files to read (with their sidecars), e.g. those added since the index was built; by default all. */
export async function readCorpus(dir: string, limits: IngestLimits = DEFAULT_LIMITS, only?: ReadonlySet<string>): Promise<CorpusReadResult> {
  const documents: SourceDocument[] = [];
  const warnings: string[] = [];
  const scanned = await scanCorpus(dir);
  const wanted = (id: string) => !only || only.has(id);
  const files = scanned.files.filter((f) => wanted(f.id));
  for (const id of scanned.unreadable.filter(wanted)) warnings.push(`Skipped ${id}: footnote does not read ${path.extname(id) || "extension-less"} files (it reads ${SUPPORTED_EXTENSIONS.join(", ")}).`);
  for (const file of files) {
    try {
      const { size } = await stat(file.absolutePath);
      if (size > limits.maxFileBytes) throw new Error(`it is ${megabytes(size)} MB, more than the limit of ${megabytes(limits.maxFileBytes)} MB (MAX_FILE_MB).`);
      const bytes = await readFile(file.absolutePath);
      const sidecar = takesSidecar(file.id) ? await readSidecar(file, warnings) : undefined;
      const doc = await parseFile(file.id, bytes, sidecar, limits, (w) => warnings.push(`${file.id}: ${w}`));
      if (doc.sections.length === 0) warnings.push(`Skipped ${file.id}: it has no text to index.`);
      else documents.push(doc);
    } catch (err) {
      warnings.push(`Skipped ${file.id}: ${(err as Error).message}`);
    }
  }
  return { documents, warnings };
}

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

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

/** A paper and the source its offsets map back to: the decoded file for text formats, the extracted text for PDF, HTML and Word. */
export interface ReadPaper {
  document: SourceDocument;
  source: string;
}

/** Any supported paper, with the source its source map indexes. */
export async function readPaper(id: string, bytes: Uint8Array, sidecar: Record<string, unknown> = {}, limits = DEFAULT_LIMITS, warn: (m: string) => void = () => {}): Promise<ReadPaper> {
  const format = formatFor(path.extname(id), bytes);
  if (!format) throw new Error(`footnote does not read ${path.extname(id) || "such"} files (it reads ${SUPPORTED_EXTENSIONS.join(", ")}).`);
  if (format.kind === "text") return readTextPaper(id, bytes, format, limits);
  if (bytes.length === 0) throw new Error("the file is empty.");
  const parsed = await format.parse({ id, bytes, text: "", fallbackTitle: fallbackTitle(id), sidecar, limits, warn });
  return { document: documentOf(id, bytes, format, parsed), source: parsed.source ?? "" };
}

/** Any supported paper: PDF and Word need asynchronous extraction and take their sidecar's metadata. */
export async function parseFile(id: string, bytes: Uint8Array, sidecar: Record<string, unknown> = {}, limits = DEFAULT_LIMITS, warn?: (m: string) => void): Promise<SourceDocument> {
  return (await readPaper(id, bytes, sidecar, limits, warn)).document;
}

/** A paper in a text format (Markdown, plain text, HTML), synchronously. */
export function parseDocument(id: string, bytes: Uint8Array, limits = DEFAULT_LIMITS): SourceDocument {
  const format = formatFor(path.extname(id), bytes);
  if (format?.kind !== "text") throw new Error(`${path.extname(id)} files are read with parseFile, which extracts their text.`);
  return readTextPaper(id, bytes, format, limits).document;
}

function readTextPaper(id: string, bytes: Uint8Array, format: Format & { kind: "text" }, limits: IngestLimits): ReadPaper {
  if (bytes.length === 0) throw new Error("the file is empty.");
  if (bytes.includes(0)) throw new Error("it looks like a binary file, not text.");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error("it is not valid UTF-8 text.");
  }
  const parsed = format.parse({ id, bytes, text, fallbackTitle: fallbackTitle(id), sidecar: {}, limits, warn: () => {} });
  return { document: documentOf(id, bytes, format, parsed), source: parsed.source ?? text };
}

function documentOf(id: string, bytes: Uint8Array, format: Format, parsed: ParsedPaper): SourceDocument {
  const { text, sourceMap, blocks, sections, references, cites } = assemble(parsed);
  // A Jekyll post is named by its date ("2013-08-10-title.md"): the year of last resort.
  const posted = /^((?:1[5-9]|20)\d\d)-\d\d-\d\d-/.exec(path.basename(id))?.[1];
  const meta = { ...parsed.meta, id, ...(parsed.meta.year === undefined && posted ? { year: Number(posted) } : {}) };
  return { meta, text, hash: hashBytes(bytes), format: format.name, sourceMap, blocks, sections, references, cites };
}

function fallbackTitle(id: string): string {
  return path.basename(id, path.extname(id));
}

/**
 * The papers (file ids) a corpus gained since `before` when it only gained papers: none left,
 * none changed, no sidecar came or went for a paper already there. Undefined otherwise.
 */
export function papersOnlyAdded(changes: { added: string[]; removed: string[]; changed: string[] }): Set<string> | undefined {
  if (changes.removed.length || changes.changed.length || changes.added.length === 0) return undefined;
  const added = new Set(changes.added);
  const paperOf = (id: string) => (id.endsWith(SIDECAR_SUFFIX) ? id.slice(0, -SIDECAR_SUFFIX.length) : id);
  return [...added].every((id) => added.has(paperOf(id))) ? added : undefined;
}
