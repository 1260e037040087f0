/**
 * Word papers (.docx), through mammoth, which turns the document's styles into HTML (headings,
 * paragraphs, lists, footnotes); that HTML becomes blocks the way a web page does. Title, authors
 * and date come from the file's properties where a sidecar `<name>.docx.yaml` does not give them.
 */
import mammoth from "mammoth";
import { metaFrom } from "../metadata.js";
import type { ParsedPaper } from "../assemble.js";
import { checkZip } from "../zip-guard.js";
import type { BinaryFormat, FormatInput } from "./format.js";
import { checkDepth, htmlBlocks, parseDom } from "./html.js";

export async function parseDocx({ bytes, fallbackTitle, sidecar, limits }: FormatInput): Promise<ParsedPaper> {
  const core = checkZip(bytes, limits.maxUnpackedBytes, [CORE_PROPERTIES]).get(CORE_PROPERTIES)?.toString("utf8") ?? "";
  const buffer = Buffer.from(bytes);
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer })).value;
  } catch (err) {
    throw new Error(`it is not a readable Word file (${(err as Error).message.split("\n", 1)[0]}).`);
  }
  const document = parseDom(`<!doctype html><html><body>${html}</body></html>`);
  checkDepth(document.documentElement, limits);
  const { blocks, source } = htmlBlocks(document.body);
  const data = { ...properties(core), ...sidecar };
  // A Word paper's first heading is usually its title.
  let title: string | undefined;
  if (blocks[0]?.kind === "heading" && blocks[0].depth === 1) title = blocks.shift()!.pieces[0]!.text;
  return { meta: metaFrom(data, (data.title as string | undefined) ?? title ?? fallbackTitle), blocks, source };
}

const CORE_PROPERTIES = "docProps/core.xml";

/** The core properties: dc:title, dc:creator, dcterms:created, cp:keywords. */
function properties(xml: string): Record<string, unknown> {
  const tag = (name: string) => {
    const m = new RegExp(`<${name}[^>]*>([^<]*)</${name}>`).exec(xml);
    return m?.[1]?.trim() ? decodeXml(m[1].trim()) : undefined;
  };
  const data: Record<string, unknown> = {};
  const title = tag("dc:title");
  if (title) data.title = title;
  const creator = tag("dc:creator");
  if (creator) data.authors = creator;
  const date = tag("dcterms:created") ?? tag("dcterms:modified");
  if (date) data.date = date;
  const keywords = tag("cp:keywords");
  if (keywords) data.keywords = keywords;
  return data;
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" })[e]!);
}

export const docx: BinaryFormat = {
  name: "docx",
  extensions: [".docx"],
  kind: "binary",
  sidecar: true,
  parse: parseDocx,
};
