import { citationLabel } from "../src/answer/citation-label.js";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import type { EvidenceCard, EvidencePack } from "../src/answer/debate.js";
import { judge, parseMotion } from "../src/answer/debate-stance.js";
import { ELLIPSIS, tagOf } from "../src/answer/debate-tag.js";
import { evidencePackJson, evidencePackMarkdown } from "../src/answer/evidence-pack.js";
import { QuestionError } from "../src/answer/question.js";
import { parseDocument } from "../src/ingest/read-corpus.js";
import type { FootnoteEngine } from "../src/engine.js";
import { runDebate } from "../src/terminal/debate.js";
import { DEFAULT_CORPUS, openTestEngine } from "./support/engine.js";

const MOTION = "Azerbaijan's partnership with Israel is mainly about Iran";
let engine: FootnoteEngine;
let pack: EvidencePack;

/** The paper's file as it sits in the corpus: every quote must be found in it at its offsets. */
/** The paper's reading text, which every quote is a slice of. */
const source = async (paperId: string) => parseDocument(paperId, await readFile(path.join(DEFAULT_CORPUS, paperId))).text;

beforeAll(async () => {
  ({ engine } = await openTestEngine());
  pack = await engine.debate(MOTION);
});

/** The tag without the "…" that marks what was left out: what must stand in the quote word for word. */
const tagWords = (tag: string) => tag.replace(new RegExp(`^${ELLIPSIS}|${ELLIPSIS}$`, "g"), "");

/** Each blockquote of the Markdown, its "> " prefixes taken off, lines joined again. */
function blockquotes(markdown: string): string[] {
  const blocks: string[][] = [];
  let open = false;
  for (const line of markdown.split("\n")) {
    const quoted = line === ">" || line.startsWith("> ");
    if (quoted && !open) blocks.push([]);
    if (quoted) blocks.at(-1)!.push(line.slice(2));
    open = quoted;
  }
  return blocks.map((b) => b.join("\n"));
}

async function expectVerbatim(cards: EvidenceCard[]) {
  for (const card of cards) {
    expect((await source(card.citation.paperId)).slice(card.start, card.end), card.tag).toBe(card.quote);
    expect(card.quote, card.tag).toContain(tagWords(card.tag));
    expect(card.tag.length).toBeGreaterThan(0);
  }
}

describe("debate evidence packs", () => {
  it("quote the paper on both sides of a motion it argues but qualifies, verbatim and at their offsets", async () => {
    expect(pack.covered).toBe(true);
    expect(pack.emptySides).toEqual([]);
    expect(pack.for.length).toBeGreaterThan(0);
    expect(pack.against.length).toBeGreaterThan(0);
    for (const side of ["for", "against"] as const) {
      expect(pack[side].length).toBeLessThanOrEqual(5);
      expect(pack[side].every((c) => c.side === side)).toBe(true);
      const strengths = pack[side].map((c) => c.strength);
      expect(strengths).toEqual([...strengths].sort((a, b) => b - a));
    }
    await expectVerbatim([...pack.for, ...pack.against]);
  });

  it("put the paper's thesis for the motion, and its qualifications and other authors' objections against it", () => {
    expect(pack.for.map((c) => c.quote).join(" ")).toMatch(/heavily influenced by security concerns pertaining to Iran/);
    const against = pack.against.map((c) => c.quote).join(" ");
    expect(against).toMatch(/Shaffer argues that the recent booming of Azerbaijani-Israeli partnership cannot only be associated/);
    expect(against).toMatch(/cannot serve as a sole explanation/);
    const shaffer = pack.against.find((c) => c.quote.includes("Shaffer argues"))!;
    expect(shaffer.signals.map((s) => s.kind)).toEqual(expect.arrayContaining(["exclusivity", "contrast", "other voice"]));
  });

  it("never quote the same words twice", () => {
    const cards = [...pack.for, ...pack.against];
    for (const [i, a] of cards.entries()) {
      for (const b of cards.slice(i + 1)) expect(a.start < b.end && b.start < a.end, `${a.tag} / ${b.tag}`).toBe(false);
    }
  });

  it("limit the pack to the side asked for", async () => {
    const against = await engine.debate(MOTION, { side: "against" });
    expect(against.sides).toEqual(["against"]);
    expect(against.for).toEqual([]);
    expect(against.against.length).toBeGreaterThan(0);
    await expectVerbatim(against.against);
    const json = evidencePackJson(against);
    expect(json).not.toHaveProperty("for");
    expect(json.against!.map((c) => c.quote)).toEqual(against.against.map((c) => c.quote));
  });

  it("say plainly that there is no evidence on a motion the papers do not cover", async () => {
    // The fitted model decides coverage, so the check is over several motions far from the paper, as the eval's is.
    const motions = ["Pineapple belongs on pizza", "Cats make better pets than dogs", "Football is the best sport", "Homework should be banned", "Social media does more harm than good"];
    const packs = await Promise.all(motions.map((m) => engine.debate(m)));
    expect(packs.filter((p) => !p.covered).length / motions.length).toBeGreaterThanOrEqual(0.8);
    const off = packs.find((p) => !p.covered)!;
    expect(off).toMatchObject({ covered: false, for: [], against: [], emptySides: ["for", "against"] });
    const markdown = evidencePackMarkdown(off);
    expect(markdown).toMatch(/do not cover this motion/);
    expect(blockquotes(markdown)).toEqual([]);
    expect(evidencePackJson(off).notes).toEqual([expect.stringMatching(/do not cover this motion/)]);
  });

  it("refuse an empty or over-long motion with a QuestionError", async () => {
    await expect(engine.debate("")).rejects.toThrow(QuestionError);
    await expect(engine.debate("   ")).rejects.toThrow(QuestionError);
    await expect(engine.debate("x".repeat(10_000))).rejects.toThrow(/the limit is/);
  });
});

describe("the evidence pack as Markdown", () => {
  it("prints every quote verbatim, with its tag, citation and the paper's own source", async () => {
    const markdown = evidencePackMarkdown(pack);
    expect(markdown.startsWith(`# Evidence pack: ${MOTION}\n`)).toBe(true);
    expect(markdown.indexOf("## For")).toBeLessThan(markdown.indexOf("## Against"));
    const cards = [...pack.for, ...pack.against];
    const quotes = blockquotes(markdown);
    expect(quotes).toEqual(cards.map((c) => c.quote));
    for (const [i, quote] of quotes.entries()) {
      const text = await source(cards[i]!.citation.paperId);
      expect(text.indexOf(quote), quote).toBe(cards[i]!.start);
    }
    for (const card of cards) {
      expect(markdown).toContain(`### ${card.tag}\n`);
      expect(markdown).toContain(`— ${citationLabel(card.citation)}\n`);
      if (card.citation.editorialSection) expect(markdown).toContain(`§ [${card.citation.section}]`);
    }
    expect(evidencePackMarkdown(pack)).toBe(markdown);
  });

  it("keeps a quote that spans paragraphs inside the blockquote, line by line, and names the paper's sources", async () => {
    const [first, second] = engine.quote("Country Profiles")!;
    const text = await source(first!.citation.paperId);
    const quote = text.slice(first!.start, second!.end);
    const card: EvidenceCard = { ...first!, end: second!.end, quote, cites: [...first!.cites, ...second!.cites], side: "for", tag: "Although relatively discrete until now", signals: [], strength: 1 };
    const markdown = evidencePackMarkdown({ motion: MOTION, sides: ["for"], for: [card], against: [], emptySides: [], covered: true });
    expect(quote).toContain("\n\n");
    expect(markdown).toContain("\n>\n");
    expect(blockquotes(markdown)).toEqual([quote]);
    expect(markdown).toContain("Source cited by the paper: Shaffer; EIA and Abbasov\n");
  });

  it("names an empty side rather than padding it", async () => {
    const markdown = evidencePackMarkdown({ ...pack, against: [], emptySides: ["against"] });
    expect(markdown).toMatch(/## Against\n\n_The papers offer no evidence against this motion._/);
  });
});

/** A stream that keeps what is written to it. */
function sink() {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe("npm run debate", () => {
  it("prints the pack as Markdown, or one JSON object with --json, limited by --side", async () => {
    const [out, err] = [sink(), sink()];
    expect(await runDebate(engine, MOTION, {}, out.stream, err.stream)).toBe(0);
    expect(out.text()).toBe(evidencePackMarkdown(pack));
    const json = sink();
    expect(await runDebate(engine, MOTION, { json: true, side: "for" }, json.stream, err.stream)).toBe(0);
    const printed = JSON.parse(json.text());
    expect(printed).toMatchObject({ motion: MOTION, covered: true, emptySides: [], notes: [] });
    expect(printed).not.toHaveProperty("against");
    expect(printed.for.map((c: EvidenceCard) => c.quote)).toEqual(pack.for.map((c) => c.quote));
    expect(err.text()).toBe("");
  });

  it("answers an empty motion with its message and exit code 1", async () => {
    const [out, err] = [sink(), sink()];
    expect(await runDebate(engine, "  ", {}, out.stream, err.stream)).toBe(1);
    expect(err.text()).toMatch(/empty/);
    expect(out.text()).toBe("");
  });
});

describe("reading a sentence's side", () => {
  const motion = parseMotion(MOTION);

  it("splits the motion into its subject and its claim", () => {
    expect(motion).toMatchObject({ subject: "Azerbaijan's partnership with Israel", claimTerms: ["iran"], primacy: true });
  });

  it.each([
    ["for", "As seen from this analysis, the highly covert and secretive partnership between Azerbaijan and Israel is heavily influenced by security concerns pertaining to Iran."],
    ["for", "In spite of the significance of economic and cultural cooperation, that has been at the forefront of Azerbaijani-Israeli relations, the mutual grievances over Iranian threats undoubtedly played a tremendous part in cementing the strategic relationship between the two countries."],
    ["against", "Although it appears that, often discrete and covert, the relations between Azerbaijan and Israel have been developing around the joint agenda of countering the Iranian influence and threat in the region, numerous economic, political and social factors have significantly contributed to the development of this relationship, as well."],
    ["against", "The results of this study show that, because of its hidden nature, Israel’s military partnership with Azerbaijan is not openly directed against Iran and the recent rapprochement between Azerbaijan and Israel does not explicitly focus on the ‘Iranian threat’."],
    ["against", "Moreover, cooperation with Israel is economically advantageous, as Israel imports large amounts of Azerbaijani oil."],
    [undefined, "A number of journalistic articles have been published on different aspects of Azerbaijan’s partnership with Israel."],
  ])("%s: %s", (side, sentence) => {
    const verdict = judge(sentence, motion);
    expect(verdict?.side).toBe(side);
    if (verdict) expect(sentence).toContain(tagWords(tagOf(sentence, verdict.clause, verdict.focus)));
  });

  it("tags a concession by what the sentence asserts, marking what it left out", () => {
    const sentence =
      "Although it appears that, often discrete and covert, the relations between Azerbaijan and Israel have been developing around the joint agenda of countering the Iranian influence and threat in the region, numerous economic, political and social factors have significantly contributed to the development of this relationship, as well.";
    const verdict = judge(sentence, motion)!;
    expect(tagOf(sentence, verdict.clause, verdict.focus)).toBe(`${ELLIPSIS}numerous economic, political and social factors have significantly contributed to the development of this relationship, as well`);
  });
});
