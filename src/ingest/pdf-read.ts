/** The pdfjs side of PDF ingestion (through unpdf): positioned text runs and the info dictionary, nothing more. */
import { extractImages, getDocumentProxy } from "unpdf";
import type { PdfPage, TextRun } from "./pdf-layout.js";

/** A page's largest picture, decoded: what OCR reads on a page without a text layer. */
export interface PageImage {
  width: number;
  height: number;
  /** 1, 3 or 4 bytes a pixel (grey, RGB, RGBA). */
  channels: number;
  data: Uint8Array;
}

export interface PdfContent {
  /** The document information dictionary (Title, Author, CreationDate...), as pdfjs reads it. */
  info: Record<string, unknown>;
  pages: PdfPage[];
  /** Pages in the file; more than were read when it is over the page limit. */
  numPages: number;
  /** Pages without text, by number: their largest image, for OCR. */
  scans: Map<number, PageImage | undefined>;
}

/** Pictures larger than this many pixels are not decoded (a bomb of an image would take gigabytes). */
const MAX_IMAGE_PIXELS = 40_000_000;

/** Reads a PDF's text runs page by page, up to `maxPages`. Throws an Error whose message says, for a person, why it could not. */
export async function readPdf(bytes: Uint8Array, maxPages = Infinity): Promise<PdfContent> {
  allowFontTransferOnNode20();
  try {
    // pdfjs may take over the buffer it is given; the caller still needs its bytes.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, maxImageSize: MAX_IMAGE_PIXELS });
    try {
      const { info } = await pdf.getMetadata();
      const pages: PdfPage[] = [];
      const scans = new Map<number, PageImage | undefined>();
      for (let number = 1; number <= Math.min(pdf.numPages, maxPages); number++) {
        const page = await pdf.getPage(number);
        const runs = await pageRuns(page);
        pages.push({ number, runs });
        if (runs.length === 0) scans.set(number, await largestImage(pdf, number));
      }
      return { info: (info ?? {}) as Record<string, unknown>, pages, numPages: pdf.numPages, scans };
    } finally {
      await pdf.destroy();
    }
  } catch (err) {
    throw new Error(describeFailure(err));
  }
}

type PdfDocumentProxy = Awaited<ReturnType<typeof getDocumentProxy>>;
type PdfPageProxy = Awaited<ReturnType<PdfDocumentProxy["getPage"]>>;

async function pageRuns(page: PdfPageProxy): Promise<TextRun[]> {
  const content = await page.getTextContent();
  // Text content names fonts only by an internal id; building the operator list loads the fonts
  // themselves, whose real names ("Times-Bold") tell bold headings from body text. It is slow, and
  // fonts are shared by the whole document, so only a page with a font not seen yet pays for it.
  const fontNames = content.items.flatMap((item) => ("fontName" in item ? [item.fontName] : []));
  if (fontNames.some((name) => !page.commonObjs.has(name))) await page.getOperatorList();
  const bold = new Map<string, boolean>();
  const isBold = (fontName: string) => {
    if (!bold.has(fontName)) bold.set(fontName, fontIsBold(page, fontName));
    return bold.get(fontName)!;
  };
  const runs: TextRun[] = [];
  for (const item of content.items) {
    if (!("str" in item)) continue;
    const [a, b, c, d, x, y] = item.transform as number[];
    // Rotated text is marginalia (arXiv stamps, vertical labels), not the running text.
    if (Math.abs(b!) > 1e-3 || Math.abs(c!) > 1e-3 || a! <= 0 || d! <= 0) continue;
    runs.push({ str: item.str, x: x!, y: y!, width: item.width, fontSize: d!, bold: isBold(item.fontName) });
  }
  return runs;
}

/** The biggest image painted on the page, as pixels; undefined where it has none pdfjs could decode. */
async function largestImage(pdf: PdfDocumentProxy, number: number): Promise<PageImage | undefined> {
  const images = await extractImages(pdf, number).catch(() => []);
  const best = images.filter((i) => i.width * i.height <= MAX_IMAGE_PIXELS).sort((a, b) => b.width * b.height - a.width * a.height)[0];
  return best && { width: best.width, height: best.height, channels: best.channels, data: new Uint8Array(best.data.buffer, best.data.byteOffset, best.data.length) };
}

function fontIsBold(page: PdfPageProxy, fontName: string): boolean {
  try {
    const font = page.commonObjs.get(fontName) as { name?: string; bold?: boolean; black?: boolean };
    return !!font.bold || !!font.black || /bold|black|heavy|semibold|demi/i.test(font.name ?? "");
  } catch {
    // A font pdfjs could not load: the size still tells headings apart.
    return false;
  }
}

function describeFailure(err: unknown): string {
  const { name, message } = err instanceof Error ? err : { name: "", message: String(err) };
  if (name === "PasswordException") return "it is encrypted (password-protected); save an unprotected copy to index it.";
  return `it is not a readable PDF (${message.replace(/\.$/, "")}).`;
}

/**
 * pdfjs hands fonts over with ArrayBuffer.prototype.transferToFixedLength, which Node 20 lacks
 * (it arrived in Node 21). Without it no font loads and bold headings look like body text. The
 * copy below behaves the same for pdfjs, which never touches the old buffer again.
 */
function allowFontTransferOnNode20(): void {
  if ("transferToFixedLength" in ArrayBuffer.prototype) return;
  Object.defineProperty(ArrayBuffer.prototype, "transferToFixedLength", {
    configurable: true,
    writable: true,
    value(this: ArrayBuffer, length = this.byteLength) {
      const copy = new ArrayBuffer(length);
      new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
      return copy;
    },
  });
}
