import { readFile, symlink } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { citationLabel } from "../src/answer/citation-label.js";
import { chunkDocument, DEFAULT_CHUNKING, sentenceWindows } from "../src/ingest/chunk.js";
import { listCorpus, parseDocument, readCorpus } from "../src/ingest/read-corpus.js";
import { splitSentences } from "../src/ingest/sentences.js";
import { terms } from "../src/ingest/terms.js";
import { DEFAULT_CORPUS, REPO, tempDir } from "./support/engine.js";

const { documents } = await readCorpus(DEFAULT_CORPUS);
const paper = documents[0]!;

describe("the default corpus", () => {
  it("is the seed paper, each paragraph verbatim", async () => {
    const seed = await readFile(path.join(REPO, "test/fixtures/seed/focused-on-iran.txt"), "utf8");
    const paragraphs = paper.sections.flatMap((s) => s.paragraphs.map((p) => paper.text.slice(p.start, p.end)));
    // The seed: title, byline, then paragraphs and short heading lines.
    const seedBlocks = seed.split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean).slice(2).filter((b) => b.length > 60);
    expect(seedBlocks.length).toBeGreaterThan(40);
    expect(paragraphs).toEqual(seedBlocks);
  });

  it("has the paper's metadata and sections, the lost conclusion included", () => {
    expect(paper.meta).toMatchObject({ title: expect.stringMatching(/^Focused on Iran\?/), year: 2014, volume: "14", issue: "4", authors: ["Emil Souleimanov", "Maya Ehrmann", "Huseyn Aliyev"] });
    expect(paper.sections.map((s) => [s.title, s.paragraphs.length])).toEqual([
      ["Introduction", 2],
      ["Literature Review", 5],
      ["Country Profiles", 7],
      ["International Profiling", 6],
      ["Energy Security", 4],
      ["Agriculture, Arms Trade, and Beyond", 3],
      ["Focus on Iran", 9],
      ["Cooperation Pertaining to Iran", 3],
      ["Conclusion", 3],
    ]);
    const conclusion = paper.sections.at(-1)!;
    expect(paper.text.slice(conclusion.paragraphs[0]!.start)).toMatch(/^This study has argued that/);
    expect(paper.meta.editorialHeadings).toEqual(["Introduction", "Conclusion"]);
  });
});

describe("passages", () => {
  const passages = chunkDocument(paper);

  it("map back to the exact source text by their offsets", () => {
    for (const p of passages) expect(paper.text.slice(p.start, p.end)).toBe(p.text);
  });

  it("carry stable ids and citations", () => {
    expect(new Set(passages.map((p) => p.id)).size).toBe(passages.length);
    expect(passages[0]).toMatchObject({ id: "focused-on-iran.md#1.1", citation: { section: "Introduction", paragraph: 1, paperId: "focused-on-iran.md" } });
    expect(chunkDocument(paper).map((p) => p.id)).toEqual(passages.map((p) => p.id));
    const conclusion = passages.find((p) => p.citation.section === "Conclusion")!;
    expect(conclusion.citation.editorialSection).toBe(true);
    expect(citationLabel(conclusion.citation)).toBe("Souleimanov et al. (2014), “Focused on Iran?”, § [Conclusion], ¶ 1");
    expect(passages.find((p) => p.citation.section === "Energy Security")!.citation.editorialSection).toBeUndefined();
  });

  it("split long paragraphs at sentence boundaries with one sentence of overlap", () => {
    const parts = passages.filter((p) => /\.\d+$/.test(p.id));
    expect(parts.length).toBeGreaterThan(0);
    for (const p of parts) {
      expect(p.text.length).toBeLessThanOrEqual(DEFAULT_CHUNKING.maxChars + 600);
      expect(p.text).toMatch(/^[\p{Lu}"“\[(]/u);
      const paragraphEnds = paper.sections.flatMap((s) => s.paragraphs.map((x) => x.end));
      expect(/[.!?"”)]$/.test(p.text) || paragraphEnds.includes(p.end), p.text).toBe(true);
    }
    const windows = sentenceWindows([{ start: 0, end: 300 }, { start: 301, end: 600 }, { start: 601, end: 900 }], DEFAULT_CHUNKING);
    expect(windows).toEqual([{ start: 0, end: 600 }, { start: 301, end: 900 }]);
  });
});

describe("sentences", () => {
  it("do not split after abbreviations such as U.S. and e.g.", () => {
    const text = "The U.S. Congress met in 2012. Some states, e.g. Iran, objected. Dr. Smith agreed.";
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual(["The U.S. Congress met in 2012.", "Some states, e.g. Iran, objected.", "Dr. Smith agreed."]);
  });
});

describe("terms", () => {
  it("match however the question spells quotes, dashes, amounts and compounds", () => {
    expect(terms("“Barak‑8” costs $1.6 billion")).toEqual(expect.arrayContaining(["barak-8", "barak", "8", "1.6", "billion"]));
    expect(terms("anti–Semitism")).toEqual(terms("anti-Semitism"));
    expect(terms("17,000 Jews")).toContain("17000");
    expect(terms("Azerbaijan’s")).toEqual(terms("Azerbaijan"));
  });
});

describe("the corpus folder", () => {
  it("includes papers reached through symbolic links, and names a missing folder", async () => {
    const dir = await tempDir();
    await symlink(path.join(DEFAULT_CORPUS, "focused-on-iran.md"), path.join(dir, "linked.md"));
    await symlink(path.join(dir, "nowhere.md"), path.join(dir, "broken.md"));
    const { documents, warnings } = await readCorpus(dir);
    expect(documents.map((d) => d.meta.id)).toEqual(["linked.md"]);
    expect(warnings).toEqual([expect.stringMatching(/^Skipped broken\.md: /)]);
    await expect(listCorpus(path.join(dir, "missing"))).rejects.toThrow(/corpus folder .*missing does not exist.*CORPUS_DIR/);
  });
});

describe("bad files in corpus/", () => {
  it("are refused with a reason naming the problem", () => {
    expect(() => parseDocument("empty.md", new Uint8Array())).toThrow(/empty/);
    expect(() => parseDocument("image.txt", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).toThrow(/binary/);
    expect(() => parseDocument("latin1.txt", new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x74]))).toThrow(/UTF-8/);
  });
});
