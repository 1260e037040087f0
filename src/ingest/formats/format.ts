/** What a format module is: the extensions it claims, how it knows its content, and its parser. */
import type { Config } from "../../config.js";
import type { ParsedPaper } from "../assemble.js";

/** Bounds on what one file may cost to read; a file past one is refused with a warning naming it and the limit. */
export interface IngestLimits {
  /** Largest file read, in bytes. */
  maxFileBytes: number;
  /** Most pages read from a PDF. */
  maxPdfPages: number;
  /** Most bytes a Word file's zip may unpack to (a zip bomb unpacks to far more). */
  maxUnpackedBytes: number;
  /** Deepest element nesting read from an HTML page. */
  maxHtmlDepth: number;
}

export const DEFAULT_LIMITS: IngestLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxPdfPages: 1500,
  maxUnpackedBytes: 200 * 1024 * 1024,
  maxHtmlDepth: 400,
};

/** The limits the settings ask for (MAX_FILE_MB, MAX_PDF_PAGES, MAX_UNPACKED_MB, MAX_HTML_DEPTH). */
export function limitsFrom(config: Pick<Config, "MAX_FILE_MB" | "MAX_PDF_PAGES" | "MAX_UNPACKED_MB" | "MAX_HTML_DEPTH">): IngestLimits {
  const mb = 1024 * 1024;
  return { maxFileBytes: config.MAX_FILE_MB * mb, maxPdfPages: config.MAX_PDF_PAGES, maxUnpackedBytes: config.MAX_UNPACKED_MB * mb, maxHtmlDepth: config.MAX_HTML_DEPTH };
}

export interface FormatInput {
  id: string;
  bytes: Uint8Array;
  /** The file decoded as UTF-8 (text formats only; empty for binary ones). Source offsets index into it. */
  text: string;
  fallbackTitle: string;
  /** Metadata from a `<file>.yaml` sidecar (binary formats). */
  sidecar: Record<string, unknown>;
  limits: IngestLimits;
  /** Problems that cost part of the paper, not all of it (a page OCR could not read). */
  warn: (message: string) => void;
}

interface FormatBase {
  name: string;
  /** Lower-case, with the dot. */
  extensions: string[];
  /** Whether bytes of a file with an unknown extension are this format. */
  sniff?: (head: string) => boolean;
}

/** A format read from UTF-8 text, synchronously; offsets point into that text. */
export interface TextFormat extends FormatBase {
  kind: "text";
  parse(input: FormatInput): ParsedPaper;
}

/** A format whose text must be extracted (PDF, Word); offsets point into the extracted text. */
export interface BinaryFormat extends FormatBase {
  kind: "binary";
  /** Takes metadata from a `<file>.yaml` beside it. */
  sidecar: boolean;
  parse(input: FormatInput): Promise<ParsedPaper>;
}

export type Format = TextFormat | BinaryFormat;
