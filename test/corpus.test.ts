import { appendFile, mkdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_PAPER, defaultPaperPdf, encryptedPdf, twoColumnPdf } from "../scripts/pdf-fixtures.js";
import { openEngine } from "../src/engine.js";
import { loadIndex } from "../src/indexes/store.js";
import { fingerprintCorpus, listCorpus, readCorpus } from "../src/ingest/read-corpus.js";
import { createLogger } from "../src/log.js";
import { tempDir, testConfig } from "./support/engine.js";

const twoColumns = await twoColumnPdf();
const markdown = await readFile(DEFAULT_PAPER);
const silent = createLogger("silent");

/** A corpus folder holding these files, by path and content. */
async function corpusWith(files: Record<string, Uint8Array | string>): Promise<string> {
  const dir = await tempDir("footnote-corpus-");
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return dir;
}

describe("a corpus of several papers", () => {
  it("gives each paper its own id and title, and skips what it cannot read with a warning naming it", async () => {
    const dir = await corpusWith({
      "focused-on-iran.md": markdown,
      "papers/focused-on-iran.pdf": await defaultPaperPdf(),
      "papers/focused-on-iran.pdf.yaml": "title: Focused on Iran? (PDF)\njournal: Journal of Southeast European & Black Sea Studies\n",
      "two-columns.pdf": twoColumns,
      "locked.pdf": await encryptedPdf(),
      "corrupt.pdf": twoColumns.subarray(0, 600),
      "empty.md": new Uint8Array(),
      "image.txt": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]),
    });
    const { documents, warnings } = await readCorpus(dir);
    expect(documents.map((d) => [d.meta.id, d.meta.title])).toEqual([
      ["focused-on-iran.md", expect.stringMatching(/^Focused on Iran\? Exploring/)],
      ["papers/focused-on-iran.pdf", "Focused on Iran? (PDF)"],
      ["two-columns.pdf", "Reading a Page in Two Columns"],
    ]);
    expect(documents[1]!.meta.journal).toBe("Journal of Southeast European & Black Sea Studies");
    expect(warnings).toEqual([
      expect.stringMatching(/^Skipped corrupt\.pdf: it is not a readable PDF/),
      "Skipped empty.md: the file is empty.",
      expect.stringMatching(/^Skipped image\.txt: it looks like a binary file/),
      expect.stringMatching(/^Skipped locked\.pdf: it is encrypted/),
    ]);
  });

  it("lists PDFs but not their sidecars, whose edits still change the fingerprint", async () => {
    const dir = await corpusWith({ "paper.pdf": twoColumns, "paper.pdf.yaml": "year: 2020\n", "notes.yaml": "not: a paper\n" });
    expect((await listCorpus(dir)).map((f) => f.id)).toEqual(["paper.pdf"]);
    const before = await fingerprintCorpus(dir);
    expect(before.files.map((f) => f.id)).toEqual(["paper.pdf", "paper.pdf.yaml"]);
    await writeFile(path.join(dir, "paper.pdf.yaml"), "year: 2021\n");
    const after = await fingerprintCorpus(dir);
    expect(after.hash).not.toBe(before.hash);
    expect(after.files[0]).toEqual(before.files[0]);
  });

  it("trusts a recorded hash only for a file whose size and mtime are unchanged and not racy", async () => {
    const dir = await corpusWith({ "a.md": "# A\n\nOne paragraph.\n", "b.md": "# B\n\nAnother one.\n" });
    const old = new Date(Date.now() - 60_000);
    for (const name of ["a.md", "b.md"]) await utimes(path.join(dir, name), old, old);
    const first = await fingerprintCorpus(dir);
    // A recorded hash that the content does not have shows which files were read again.
    const known = { ...first, files: first.files.map((f) => ({ ...f, hash: `recorded-${f.id}` })) };
    expect((await fingerprintCorpus(dir, known)).files.map((f) => f.hash)).toEqual(["recorded-a.md", "recorded-b.md"]);
    // Same size, new content: the mtime moved, so it is read.
    await writeFile(path.join(dir, "b.md"), "# B\n\nAnother two.\n");
    const again = await fingerprintCorpus(dir, known);
    expect(again.files.map((f) => f.hash)).toEqual(["recorded-a.md", (await fingerprintCorpus(dir)).files[1]!.hash]);
    // Hashed moments after it was written: not trusted next time, however its stat reads.
    const racy = await fingerprintCorpus(dir);
    const racyKnown = { ...racy, files: racy.files.map((f) => ({ ...f, hash: `recorded-${f.id}` })) };
    expect((await fingerprintCorpus(dir, racyKnown)).files[1]!.hash).not.toBe("recorded-b.md");
    // Touching a file without changing it changes nothing.
    const untouched = (await fingerprintCorpus(dir)).hash;
    await utimes(path.join(dir, "a.md"), new Date(), new Date());
    expect((await fingerprintCorpus(dir)).hash).toBe(untouched);
  });

  it("indexes a PDF whose sidecar is broken, warning about the sidecar", async () => {
    const dir = await corpusWith({ "paper.pdf": twoColumns, "paper.pdf.yaml": "title: [unclosed\n" });
    const { documents, warnings } = await readCorpus(dir);
    expect(documents.map((d) => d.meta.title)).toEqual(["Reading a Page in Two Columns"]);
    expect(warnings).toEqual([expect.stringMatching(/^Ignored paper\.pdf\.yaml: /)]);
  });
});

describe("reindexing", () => {
  it("embeds only the passages of the file that was added or changed", async () => {
    const dir = await corpusWith({ "focused-on-iran.md": markdown });
    const config = await testConfig({ CORPUS_DIR: dir });
    const engine = await openEngine(config, silent);
    const start = engine.manifest.passages;

    await writeFile(path.join(dir, "two-columns.pdf"), twoColumns);
    const added = await engine.reindex();
    expect(added.papers).toBe(2);
    expect(added.embedded).toBe(added.passages - start);
    expect(added.embedded).toBeGreaterThan(0);

    await appendFile(path.join(dir, "focused-on-iran.md"), "\nA new closing paragraph about pipelines.\n");
    expect(await engine.reindex()).toMatchObject({ passages: added.passages + 1, embedded: 1 });

    await rm(path.join(dir, "two-columns.pdf"));
    expect(await engine.reindex()).toMatchObject({ papers: 1, passages: start + 1, embedded: 0 });
    expect((await loadIndex(config.INDEX_DIR)).manifest.corpus.files.map((f) => f.id)).toEqual(["focused-on-iran.md"]);
  });

  it("rebuilds on a sidecar edit, which renames the paper without embedding anything", async () => {
    const dir = await corpusWith({ "paper.pdf": twoColumns });
    const config = await testConfig({ CORPUS_DIR: dir });
    const first = await openEngine(config, silent);
    expect(first.papers().map((p) => p.title)).toEqual(["Reading a Page in Two Columns"]);
    await writeFile(path.join(dir, "paper.pdf.yaml"), "title: Columns\nyear: 2020\n");
    const reopened = await openEngine(config, silent);
    expect(reopened.manifest.builtAt).not.toBe(first.manifest.builtAt);
    expect(reopened.papers()).toMatchObject([{ id: "paper.pdf", title: "Columns", year: 2020 }]);
    expect(await reopened.reindex()).toMatchObject({ embedded: 0 });
  });
});
