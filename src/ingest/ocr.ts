/**
 * OCR for scanned PDF pages, when the machine has it: tesseract.js with its English data (about
 * 60 MB installed, so not a default dependency), else Debian's `tesseract` command. Neither is
 * required; without them a scanned page is skipped with a warning that says how to add one.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32, deflateSync } from "node:zlib";
import type { PageImage } from "./pdf-read.js";

export interface OcrEngine {
  name: string;
  read(image: PageImage): Promise<string>;
}

export const OCR_HINT = "install OCR to read it: `npm install tesseract.js @tesseract.js-data/eng`, or `apt-get install tesseract-ocr`, then reindex";

let found: Promise<OcrEngine | undefined> | undefined;

/** The OCR engine this machine has, looked for once. */
export function findOcr(): Promise<OcrEngine | undefined> {
  found ??= (async () => (await tesseractJs()) ?? (await tesseractCli()))();
  return found;
}

async function tesseractJs(): Promise<OcrEngine | undefined> {
  // A variable specifier: the package is optional, so neither the compiler nor the bundler may insist on it.
  const specifier = "tesseract.js";
  const mod = (await import(specifier).catch(() => undefined)) as
    | { createWorker(lang: string): Promise<{ recognize(image: Buffer): Promise<{ data: { text: string } }>; terminate(): Promise<void> }> }
    | undefined;
  if (!mod?.createWorker) return undefined;
  return {
    name: "tesseract.js",
    async read(image) {
      const worker = await mod.createWorker("eng");
      try {
        return (await worker.recognize(encodePng(image))).data.text;
      } finally {
        await worker.terminate();
      }
    },
  };
}

async function tesseractCli(): Promise<OcrEngine | undefined> {
  const works = await new Promise<boolean>((resolve) => execFile("tesseract", ["--version"], (err) => resolve(!err)));
  if (!works) return undefined;
  return {
    name: "tesseract",
    async read(image) {
      const dir = await mkdtemp(path.join(tmpdir(), "footnote-ocr-"));
      try {
        const file = path.join(dir, "page.png");
        await writeFile(file, encodePng(image));
        return await new Promise<string>((resolve, reject) =>
          execFile("tesseract", [file, "-", "-l", "eng"], { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Raw pixels as a PNG file, which every OCR engine reads. */
export function encodePng(image: PageImage): Buffer {
  const colour = { 1: 0, 3: 2, 4: 6 }[image.channels as 1 | 3 | 4];
  const stride = image.width * image.channels;
  const raw = Buffer.alloc((stride + 1) * image.height);
  for (let y = 0; y < image.height; y++) raw.set(image.data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header.set([8, colour, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}
