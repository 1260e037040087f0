import path from "node:path";
import MiniSearch from "minisearch";
import { beforeAll, describe, expect, it } from "vitest";
import { TermWeights } from "../src/answer/term-weights.js";
import { capitalisationArrays, countCapitalisation, readCapitalisation, StoredCorpusStats } from "../src/indexes/corpus-stats.js";
import { buildLexical, lexicalArrays, LexicalIndex } from "../src/indexes/lexical-index.js";
import { PackReader, writePack } from "../src/indexes/pack.js";
import { chunkDocument } from "../src/ingest/chunk.js";
import { readCorpus } from "../src/ingest/read-corpus.js";
import { terms } from "../src/ingest/terms.js";
import type { Passage } from "../src/ingest/types.js";
import { DEFAULT_CORPUS, tempDir } from "./support/engine.js";

async function indexOf(sources: { text: string; section: string }[], texts: string[] = sources.map((s) => s.text)) {
  const file = path.join(await tempDir("footnote-lexical-"), "lexical.pack");
  const built = buildLexical(sources);
  writePack(file, { ...lexicalArrays(built), ...capitalisationArrays(countCapitalisation(texts)) });
  const pack = PackReader.open(file);
  const lexical = LexicalIndex.read(pack, sources.length);
  return { lexical, stats: new StoredCorpusStats([{ lexical, caps: readCapitalisation(pack) }], sources.length) };
}

describe("the lexical index", () => {
  let passages: Passage[];
  let index: Awaited<ReturnType<typeof indexOf>>;
  beforeAll(async () => {
    const { documents } = await readCorpus(DEFAULT_CORPUS);
    passages = documents.flatMap((d) => chunkDocument(d));
    index = await indexOf(passages.map((p) => ({ text: p.text, section: p.citation.section })));
  });

  it("ranks as MiniSearch's BM25+ did, fuzzy matches included", () => {
    const known = new Set(passages.flatMap((p) => terms(`${p.citation.section} ${p.text}`)));
    const mini = new MiniSearch<{ index: number; text: string; section: string }>({
      fields: ["text", "section"],
      idField: "index",
      tokenize: (t) => terms(t),
      processTerm: (t) => t,
      searchOptions: { boost: { text: 1, section: 0.5 }, fuzzy: (t) => (t.length >= 6 && !known.has(t) && /^\p{L}+$/u.test(t) ? 0.2 : false), maxFuzzy: 2 },
    });
    mini.addAll(passages.map((p, index) => ({ index, text: p.text, section: p.citation.section })));
    for (const q of ["When did Israel open an embassy in Baku?", "Nagorno-Karabah war territory lost", "Azerbaijani minority living in Iran", "natural gas reserves"]) {
      const theirs = mini.search(q).slice(0, 10);
      const ours = index.lexical.query(q, 10);
      expect(ours.map((h) => h.index)).toEqual(theirs.map((r) => r.id));
      ours.forEach((h, i) => expect(h.score).toBeCloseTo(theirs[i]!.score, 4));
      expect(ours.map((h) => h.matched.sort())).toEqual(theirs.map((r) => r.terms.sort()));
    }
  });

  it("searches a range of passages as the whole index would, keeping only that range", () => {
    for (const q of ["When did Israel open an embassy in Baku?", "natural gas reserves"]) {
      const whole = index.lexical.query(q, passages.length).filter((h) => h.index >= 20 && h.index < 60);
      expect(whole.length).toBeGreaterThan(0);
      expect(index.lexical.query(q, 5, [20, 60])).toEqual(whole.slice(0, 5));
    }
    expect(index.lexical.query("natural gas", 5, [30, 30])).toEqual([]);
  });

  it("weighs added terms below the user's own words", async () => {
    const small = await indexOf([
      { text: "The pipeline carries crude oil to the coast.", section: "Oil" },
      { text: "The conduit carries crude oil to the coast.", section: "Oil" },
    ]);
    const [first, second] = small.lexical.query([{ term: "pipeline", weight: 1 }, { term: "conduit", weight: 0.4 }], 5);
    expect(first!.index).toBe(0);
    expect(second!.index).toBe(1);
    expect(second!.score).toBeCloseTo(first!.score * 0.4, 6);
    expect(small.lexical.query("pipeline", 5)).toEqual(small.lexical.query([{ term: "pipeline", weight: 1 }], 5));
    expect(small.lexical.query([{ term: "pipeline", weight: 0 }], 5)).toEqual([]);
  });

  it("matches a misspelt long word the corpus lacks, and only such words", () => {
    const [hit] = index.lexical.query("Karabah", 1);
    expect(hit!.matched).toEqual(["karabakh"]);
    expect(index.lexical.vocabulary.near("karabah", 1, 5).map((n) => n.term)).toEqual(["karabakh"]);
    // A short word is never stretched to a neighbour.
    expect(index.lexical.query("bakx", 5)).toEqual([]);
  });

  it("keeps the statistics the answer stage reads", () => {
    const df = passages.filter((p) => new Set(terms(p.text)).has("embassi")).length;
    expect(df).toBeGreaterThan(0);
    expect(index.stats.df("embassi")).toBe(df);
    expect(index.stats.docCount).toBe(passages.length);
    const weights = new TermWeights(index.stats);
    expect(weights.resolve("karabah")).toBe("karabakh");
    expect(weights.resolve("embassi")).toBe("embassi");
    expect(weights.idf("neverseenword")).toBeGreaterThan(weights.idf("embassi"));
  });

  it("counts how the corpus capitalises words", async () => {
    const small = await indexOf([{ text: "x", section: "" }], ["due to fear of Iran, moreover Due", "drilling by SOCAR and Iran"]);
    expect(small.stats.capitalisation("iran")).toEqual({ capitalised: 2, lower: 0 });
    expect(small.stats.capitalisation("due")).toEqual({ capitalised: 1, lower: 1 });
    expect(small.stats.capitalisation("absent")).toEqual({ capitalised: 0, lower: 0 });
  });
});
