import { writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { spansPapers } from "../src/answer/across-papers.js";
import { namedPaper } from "../src/answer/named-paper.js";
import type { FootnoteEngine } from "../src/engine.js";
import { copyOfCorpus, openTestEngine } from "./support/engine.js";

const SECOND_PAPER = `---
title: "Small States, Quiet Partners: Notes on Israel in the South Caucasus"
authors: [A. Student]
year: 2024
---

# Small States, Quiet Partners

## Diplomacy

Israel's embassy in Baku opened its doors in 1993 and has remained its only resident mission in the region. The authors of this note argue that the embassy mattered less than trade.

## Energy

Oil shipped through the Baku-Tbilisi-Ceyhan pipeline made energy the backbone of the partnership.

## Archives

The Baku state archive registers every treaty draft it receives from the ministry and keeps a catalogue record of each. The drafts themselves are not kept at the archive.

The reading room of the archive lends three kinds of material to visiting scholars:

- microfilmed ministry letters;
- printed customs ledgers;
- photographs of the Caspian ports.
`;

let engine: FootnoteEngine;

beforeAll(async () => {
  const corpus = await copyOfCorpus();
  await writeFile(path.join(corpus, "quiet-partners.md"), SECOND_PAPER);
  ({ engine } = await openTestEngine({ CORPUS_DIR: corpus }));
});

describe("several papers", () => {
  it("are listed, each with its own title", () => {
    expect(engine.papers().map((p) => p.title)).toEqual([expect.stringMatching(/^Focused on Iran\?/), "Small States, Quiet Partners: Notes on Israel in the South Caucasus"]);
  });

  it("every answer names the paper it quotes, and a paper can be chosen", async () => {
    const answer = await engine.ask("Which pipeline made energy the backbone of the partnership?", { paperId: "quiet-partners.md" });
    expect(answer.answer[0]!.citation).toMatchObject({ paperId: "quiet-partners.md", paper: expect.stringMatching(/^Small States/), section: "Energy", paragraph: 1 });
    expect(answer.passages.every((p) => p.citation.paperId === "quiet-partners.md")).toBe(true);
  });

  it("a yes/no question gets the claim and the sentence after it that limits it, with no verdict", async () => {
    const answer = await engine.ask("Does the Baku state archive keep the treaty drafts it registers?", { paperId: "quiet-partners.md" });
    expect(answer.abstained).toBe(false);
    expect(answer.shortAnswer).toBeUndefined();
    expect(answer.answer[0]!.quote).toMatch(/^The Baku state archive registers/);
    expect(answer.answer.at(-1)).toMatchObject({ quote: "The drafts themselves are not kept at the archive.", qualifies: true });
  });

  it("a question for a figure the paper never gives is not covered, though a sentence has all its words", async () => {
    const asked = "How many barrels of oil a day did the Baku-Tbilisi-Ceyhan pipeline ship?";
    const { candidates } = await engine.inspect(asked);
    expect(candidates.sentences[0]!.text).toMatch(/^Oil shipped through the Baku-Tbilisi-Ceyhan pipeline/);
    expect((await engine.ask(asked, { paperId: "quiet-partners.md" })).abstained).toBe(true);
  });

  it("a quote of a sentence that introduces a list goes on to the end of the list", async () => {
    const a = await engine.ask("What kinds of material does the reading room lend to visiting scholars?", { paperId: "quiet-partners.md" });
    expect(a.answer[0]!.quote).toMatch(/^The reading room of the archive lends three kinds of material to visiting scholars:\s+microfilmed ministry letters;[\s\S]*photographs of the Caspian ports\.$/);
  });

  it("a question that names a paper by its topic is answered from that paper", async () => {
    const a = await engine.ask("who wrote the paper on small states?");
    expect(a.shortAnswer).toBe("A. Student");
    expect(namedPaper(["iran"], engine.papers())).toBe("focused-on-iran.md");
    // A word of one title names that paper; a word of neither names none.
    expect(namedPaper(["notes"], engine.papers())).toBe("quiet-partners.md");
    expect(namedPaper(["pizza"], engine.papers())).toBeUndefined();
  });

  it("a question that compares the papers quotes each of them", async () => {
    const answer = await engine.ask("How do the papers differ on the Israeli embassy in Baku?");
    expect(answer.abstained).toBe(false);
    expect(answer.answer.map((q) => q.citation.paperId).sort()).toEqual(["focused-on-iran.md", "quiet-partners.md"]);
    expect(answer.answer.every((q) => q.quote.includes("1993") || /embassy/i.test(q.quote))).toBe(true);
  });

  it("recognises comparing questions", () => {
    expect(spansPapers("How do the papers differ on energy?")).toBe(true);
    expect(spansPapers("Do both studies agree about Iran?")).toBe(true);
    expect(spansPapers("When did Israel open an embassy in Baku?")).toBe(false);
  });
});
