import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chunkDocument } from "../src/ingest/chunk.js";
import { readCorpus } from "../src/ingest/read-corpus.js";
import { parseScale, table } from "../src/terminal/bench.js";
import { writeSyntheticCorpus } from "../src/terminal/bench-corpus.js";
import { DEFAULT_CORPUS, tempDir } from "./support/engine.js";

const DEFAULT_PAPER = path.join(DEFAULT_CORPUS, "focused-on-iran.md");

describe("the bench's synthetic corpus", () => {
  it("holds the default paper and about the passages asked for, the same every time", async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    const papers = await writeSyntheticCorpus(a, 1000, DEFAULT_PAPER);
    await writeSyntheticCorpus(b, 1000, DEFAULT_PAPER);
    const files = await readdir(a);
    expect(files).toHaveLength(papers);
    expect(files).toContain("focused-on-iran.md");
    for (const f of files) expect(await readFile(path.join(a, f), "utf8")).toBe(await readFile(path.join(b, f), "utf8"));
    const { documents, warnings } = await readCorpus(a);
    expect(warnings).toEqual([]);
    const passages = documents.flatMap((d) => chunkDocument(d));
    expect(passages.length).toBeGreaterThanOrEqual(1000);
    expect(passages.length).toBeLessThan(1010);
    const synthetic = passages.filter((p) => p.paperId !== "focused-on-iran.md");
    expect(new Set(synthetic.map((p) => p.text)).size).toBe(synthetic.length);
    expect(synthetic.every((p) => p.text.length >= 450 && p.text.length <= 900 && /^[A-Z(\d].*[.!?]$/.test(p.text))).toBe(true);
  });

  it("reads scales and prints footnote beside the peer with ratios", () => {
    expect(["paper", "1k", "10k", "2.5k", "1M", "300"].map(parseScale)).toEqual([undefined, 1000, 10000, 2500, 1000000, 300]);
    expect(() => parseScale("lots")).toThrow(/--scale takes a list/);
    const side = { passages: 1000, build_s: 2, disk_mb: 1, build_rss_mb: 400, serve_rss_mb: 300, ready_ms: 500, retrieve_p50_ms: 1, retrieve_p95_ms: 2, answer_p50_ms: 10, answer_p95_ms: 20, recall_at_10: 1, dev_hit_at_1: 1, dev_hit_at_5: 1, add_paper_s: 0.5, add_paper_embedded: 200 };
    const printed = table([{ scale: "1k", ...side, peer: { ...side, ready_ms: 250, answer_p50_ms: null, answer_p95_ms: null } }]);
    expect(printed).toContain("500 / 250 (×2.00)");
    expect(printed).toContain("20 / –");
  });
});
