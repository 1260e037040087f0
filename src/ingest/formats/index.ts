/** The parser registry: every format footnote reads. Adding a format is one module and one line here. */
import { docx } from "./docx.js";
import type { Format } from "./format.js";
import { html } from "./html.js";
import { markdown } from "./markdown.js";
import { pdf } from "./pdf.js";
import { text } from "./text.js";

export const FORMATS: readonly Format[] = [markdown, text, html, pdf, docx];

export const SUPPORTED_EXTENSIONS = FORMATS.flatMap((f) => f.extensions);

/** The format that claims the extension; else, for a file named otherwise, the one its first bytes show. */
export function formatFor(extension: string, head?: Uint8Array): Format | undefined {
  const byName = FORMATS.find((f) => f.extensions.includes(extension.toLowerCase()));
  if (byName || !head) return byName;
  const start = Buffer.from(head.subarray(0, 1024)).toString("latin1");
  return FORMATS.find((f) => f.sniff?.(start));
}

export type { Format, IngestLimits } from "./format.js";
export { DEFAULT_LIMITS, limitsFrom } from "./format.js";
