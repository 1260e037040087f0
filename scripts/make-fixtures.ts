/**
 * Writes the PDF fixtures to a folder (default test/fixtures/generated, which git ignores):
 * the default paper as a journal-style PDF, a two-column page and a password-protected PDF.
 *
 *   npx tsx scripts/make-fixtures.ts [out-dir]
 *
 * The tests draw the same PDFs on the fly; these copies are for looking at, or for dropping into corpus/.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { defaultPaperPdf, encryptedPdf, twoColumnPdf } from "./pdf-fixtures.js";

async function main(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const files: [string, Buffer][] = [
    ["focused-on-iran.pdf", await defaultPaperPdf()],
    ["two-columns.pdf", await twoColumnPdf()],
    ["encrypted.pdf", await encryptedPdf()],
  ];
  for (const [name, bytes] of files) {
    await writeFile(path.join(outDir, name), bytes);
    console.log(`${path.join(outDir, name)} (${bytes.length} bytes)`);
  }
}

await main(path.resolve(process.argv[2] ?? path.join(import.meta.dirname, "../test/fixtures/generated")));
