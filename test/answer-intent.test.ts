import { beforeAll, describe, expect, it } from "vitest";
import { analyseQuestion, isFollowUp } from "../src/answer/intent.js";
import { spelledOut } from "../src/answer/spelled-out.js";
import { confirmsType } from "../src/answer/answer-type.js";
import { loadAnswerModel, probability } from "../src/answer/scorer.js";
import { FEATURES, givesReason } from "../src/answer/features.js";
import { SentenceVectors } from "../src/answer/sentence-vectors.js";
import { correctSpelling, oneEditAway } from "../src/lexicon/spelling.js";
import { WordNet } from "../src/lexicon/wordnet.js";
import type { FootnoteEngine } from "../src/engine.js";
import { metadataAnswer } from "../src/answer/replies.js";
import { askedOf, askedPhrase } from "../src/answer/question-terms.js";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { openEngine } from "../src/engine.js";
import { createLogger } from "../src/log.js";
import { openTestEngine, tempDir, testConfig } from "./support/engine.js";

describe("question understanding", () => {
  it("reads small talk and questions to the bot as asking for help", () => {
    for (const q of ["hey there", "Thank you so much!", "what can you do", "how does this work?", "bye for now", "who wrote you?"]) expect(analyseQuestion(q).intent, q).toBe("help");
    // Asked of the paper, it is a question: "it" is the paper.
    expect(analyseQuestion("who wrote it?")).toMatchObject({ intent: "paper-level", facet: "authors" });
  });

  it("reads questions about a paper as a whole by the side they ask about", () => {
    expect(analyseQuestion("so what's this article about?")).toMatchObject({ intent: "paper-level", facet: "about" });
    expect(analyseQuestion("What is the main argument of the paper?")).toMatchObject({ intent: "paper-level", facet: "argument" });
    expect(analyseQuestion("what did the authors conclude")).toMatchObject({ intent: "paper-level", facet: "findings" });
    // What a paper recommends it says where it concludes; a topic after a limit is what is asked about.
    expect(analyseQuestion("what do they recommend?")).toMatchObject({ intent: "paper-level", facet: "findings" });
    expect(analyseQuestion("what are the limitations of the study?")).toMatchObject({ intent: "paper-level", facet: "limitations" });
    expect(analyseQuestion("what is the limit of hives per park they describe?").intent).toBe("factoid");
    // How the study was done, whatever it measured.
    expect(analyseQuestion("how did they count the bees?")).toMatchObject({ intent: "paper-level", facet: "method" });
    expect(analyseQuestion("Who are the authors of this study?")).toMatchObject({ intent: "paper-level", facet: "authors" });
    expect(analyseQuestion("In which journal and issue was this article published?")).toMatchObject({ intent: "paper-level", facet: "venue" });
    // A question about journals in general is not about where the paper came out.
    expect(analyseQuestion("Which journal charges neither authors nor readers?").intent).toBe("factoid");
    expect(analyseQuestion("Can you summarise the section on trade?")).toMatchObject({ intent: "paper-level", facet: "summary", sectionWords: ["trade"] });
    expect(analyseQuestion("Summarise the section 'Energy security'")).toMatchObject({ intent: "paper-level", facet: "summary", sectionWords: ["energy", "security"] });
    // A section named without the word "section" is that side of the paper, and its heading if it has one.
    expect(analyseQuestion("summarise the conclusion")).toMatchObject({ intent: "paper-level", facet: "findings", sectionWords: ["conclusion"] });
    expect(analyseQuestion("summarize the introduction")).toMatchObject({ intent: "paper-level", facet: "about", sectionWords: ["introduction"] });
    expect(analyseQuestion("summarize the paper")).toEqual({ intent: "paper-level", facet: "about" });
    // A quoted title names the chapter; it is not a topic the question asks about.
    expect(analyseQuestion("What is the chapter 'Research Funding in Open Science' about?")).toMatchObject({ intent: "paper-level", facet: "about" });
    // A chapter named by its topic: the topic picks the paper, the verb says what is asked of it.
    expect(analyseQuestion("what does the chapter on research funding conclude?")).toMatchObject({ intent: "paper-level", facet: "findings", paperWords: ["research", "funding"] });
    // …or by the topic said before it, and "the whole paper" is the paper itself.
    expect(analyseQuestion("what are the limitations of the datacite chapter?")).toMatchObject({ intent: "paper-level", facet: "limitations", paperWords: ["datacite"] });
    expect(analyseQuestion("what method does the journal concepts chapter use?")).toMatchObject({ intent: "paper-level", facet: "method", paperWords: ["journal", "concepts"] });
    expect(analyseQuestion("what is the main point of the whole paper")).toMatchObject({ intent: "paper-level", facet: "argument" });
    expect(analyseQuestion("what is the main point of the whole paper").paperWords).toBeUndefined();
    expect(analyseQuestion("when was this paper published")).toMatchObject({ intent: "paper-level", facet: "year" });
    // What a paper examines is what it is about; a topic before the verb is what is asked of it, a topic after narrows it.
    expect(analyseQuestion("Which dimensions of the cooperation does the article examine?")).toMatchObject({ intent: "paper-level", facet: "about" });
    expect(analyseQuestion("what topics does the chapter cover")).toMatchObject({ intent: "paper-level", facet: "about" });
    expect(analyseQuestion("What does the paper discuss about oil?").intent).toBe("factoid");
    // An amount asked of a study named in the paper is a fact, whatever "source" or "study" it says.
    expect(analyseQuestion("How much did scientists raise through the Open Source Science Project for the river study?").intent).toBe("factoid");
  });

  it("takes 'because' and 'since' of a reason as giving one, and 'since 2005' as not", () => {
    expect(givesReason("Azerbaijan buys arms from Israel since it fears Armenia.")).toBe(true);
    expect(givesReason("Since 2005, TIB has been an official DOI Registration Agency.")).toBe(false);
    expect(givesReason("Relations have grown since the early 1990s.")).toBe(false);
  });

  it("reads past the way a typed question opens ('so', 'ok', 'hey, quick question:')", () => {
    expect(analyseQuestion("so how does the pipeline even work?").intent).toBe("why");
    expect(analyseQuestion("ok so whats the main argument")).toMatchObject({ intent: "paper-level", facet: "argument" });
    expect(analyseQuestion("hey, quick question: who wrote this paper")).toMatchObject({ intent: "paper-level", facet: "authors" });
    expect(analyseQuestion("hey there").intent).toBe("help");
  });

  it("spells out chat spellings of question words and bare contractions, but not a capitalised name", () => {
    expect(spelledOut("y does iran hate it")).toBe("why does iran hate it");
    expect(spelledOut("whos the president, wat r they doing")).toBe("who is the president, what are they doing");
    expect(spelledOut("Does R or U matter? Israel's role")).toBe("Does R or U matter? Israel's role");
    expect(analyseQuestion(spelledOut("y did they sign it")).intent).toBe("why");
    expect(analyseQuestion("is this paper mostly about iran")).toEqual({ intent: "paper-level", facet: "argument", yesNo: true });
  });

  it("reads a yes/no check of the authors' view as a question about their argument, and any other as a claim check", () => {
    expect(analyseQuestion("Do the authors think the partnership is mainly about Iran?")).toEqual({ intent: "paper-level", facet: "argument", yesNo: true });
    expect(analyseQuestion("does the paper say israel sells weapons")).toEqual({ intent: "yes-no", yesNo: true });
  });

  it("reads a why-question about a topic as asking for a reason, even when it names the chapter", () => {
    expect(analyseQuestion("Why is the lack of access to research data a problem, according to the chapter?").intent).toBe("why");
  });

  it("reads a short turn as a follow-up only when it leans on the question before", () => {
    for (const q of ["what about gas?", "and in 2012?", "why did they do it?"]) expect(isFollowUp(q), q).toBe(true);
    for (const q of ["gas?", "why?", "in 2012?", "what is this chapter about"]) expect(isFollowUp(q), q).toBe(true);
    // A short question that names what it asks about stands alone.
    for (const q of ["Who painted the Mona Lisa?", "When did Israel open an embassy in Baku?", "whats peerj", "what is a dynamic publication", "what gpus did they use"]) expect(isFollowUp(spelledOut(q)), q).toBe(false);
  });

  it("keeps a question about a topic of the paper a question about that topic", () => {
    expect(analyseQuestion("What does the paper say about oil exports?").intent).toBe("factoid");
    expect(analyseQuestion("Why did the two countries grow closer?").intent).toBe("why");
    expect(analyseQuestion("Does the article claim trade matters most?").intent).not.toBe("help");
  });
});

describe("lexicon and types", () => {
  it("fixes a word typed one edit wrong to the corpus's word, else to the only English word near it", () => {
    const corpus = new Map([["difference", 9], ["members", 4], ["member", 2]]);
    const sources = { corpusUses: (w: string) => corpus.get(w) ?? 0, isEnglish: (w: string) => w === "pineapple" || corpus.has(w) };
    expect(correctSpelling("diffrence", sources)).toBe("difference");
    expect(correctSpelling("memebers", sources)).toBe("members");
    expect(correctSpelling("pinaepple", sources)).toBe("pineapple");
    // Short words have too many neighbours; a word far from every known one stays as typed.
    expect(correctSpelling("orgs", sources)).toBeUndefined();
    expect(correctSpelling("bayraktar", sources)).toBeUndefined();
    expect([...oneEditAway("ab")]).toEqual(expect.arrayContaining(["a", "b", "ba", "abc", "xb"]));
  });

  it("finds WordNet synonyms offline and tells English words from names", () => {
    const wn = WordNet.bundled();
    expect(wn.related("customers").map((r) => r.word)).toContain("client");
    expect(wn.isEnglish("petroleum")).toBe(true);
    expect(wn.isEnglish("Karabakh")).toBe(false);
    // A name's own family: what a demonym is said of, and back; never a common word of another sense.
    expect(wn.namesDerived("Iranian")).toContain("iran");
    expect(wn.namesDerived("Iran")).toContain("iranian");
    expect(wn.namesDerived("American")).toContain("america");
    expect(wn.namesDerived("State")).toEqual([]);
    // A name typed in lower case: WordNet's commonest sense of it is capitalised, in every part of speech it has.
    expect(["france", "paris", "french"].map((w) => wn.isName(w))).toEqual([true, true, true]);
    expect(["turkey", "march", "capital"].map((w) => wn.isName(w))).toEqual([false, false, false]);
    wn.close();
  });

  it("confirms a short answer only when it is of the asked-for type", () => {
    const s = "Trade reached $4 billion in 2012, said Ilham Aliyev in Baku.";
    const at = (t: string) => ({ start: s.indexOf(t), end: s.indexOf(t) + t.length });
    expect(confirmsType(s, at("2012"), "year")).toBe(true);
    expect(confirmsType(s, at("$4 billion"), "number")).toBe(true);
    expect(confirmsType(s, at("Baku"), "year")).toBe(false);
    expect(confirmsType(s, at("Ilham Aliyev"), "person")).toBe(true);
  });

  it("ships a fitted model over exactly the features the code computes", () => {
    const model = loadAnswerModel();
    expect(model.features).toEqual([...FEATURES]);
    expect(model.weights).toHaveLength(FEATURES.length + 1);
    const p = probability(model, FEATURES.map(() => 0.5));
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  });
});

describe("sentence vectors", () => {
  it("embeds each sentence once while its index is loaded, and forgets the oldest past capacity", async () => {
    const seen: string[] = [];
    const vectors = new SentenceVectors(async (texts) => {
      seen.push(...texts);
      return texts.map((t) => Float32Array.of(t.length));
    }, 2);
    await vectors.of([{ key: "a", text: "one" }, { key: "b", text: "three" }]);
    const again = await vectors.of([{ key: "a", text: "one" }]);
    expect(again[0]![0]).toBe(3);
    expect(seen).toEqual(["one", "three"]);
    await vectors.of([{ key: "c", text: "x" }]);
    await vectors.of([{ key: "a", text: "one" }]);
    expect(seen).toEqual(["one", "three", "x", "one"]);
  });
});

describe("answers by intent", () => {
  let engine: FootnoteEngine;
  beforeAll(async () => {
    ({ engine } = await openTestEngine());
  });

  it("answers a greeting with help that names the papers, not a refusal", async () => {
    const a = await engine.ask("hello!");
    expect(a).toMatchObject({ intent: "help", abstained: false, answer: [] });
    expect(a.reply).toContain("Focused on Iran?");
  });

  it("answers a yes/no check of the authors' view from where the paper states its argument, with no verdict of its own", async () => {
    const a = await engine.ask("Do the authors think the partnership is about Iran?");
    expect(a.abstained).toBe(false);
    expect(a.intent).toBe("paper-level");
    expect(a.shortAnswer).toBeUndefined();
    expect(a.answer[0]!.quote).toMatch(/Iran/);
    // A view the paper never states is not covered, however much the paper states its argument.
    expect((await engine.ask("does the author argue that flattr works?")).abstained).toBe(true);
  });

  it("reads chat shorthand as nothing to match, and a name through its own family", async () => {
    const { candidates } = await engine.inspect("wat r the iranian worries about azerbaijan");
    const terms = candidates.context.terms;
    expect(terms.map((t) => t.word)).not.toContain("wat");
    expect(terms.map((t) => t.word)).not.toContain("r");
    const iranian = terms.find((t) => t.word === "iranian")!;
    expect(iranian.key).toBe(true);
    expect([...iranian.related.keys()]).toContain("iran");
  });


  it("takes a compound's head for the thing asked about, the whole compound for which amount, and no filler adverb for a term", async () => {
    expect(askedOf("How do I make good drip coffee at home?")).toEqual(["coffee"]);
    expect(askedPhrase("How large are the proven crude oil reserves?")).toEqual(["crude", "oil", "reserves"]);
    expect(askedOf("How much does a PeerJ membership cost?")).toEqual(["membership", "cost"]);
    expect(askedOf("Which air defense system did Israel pledge to supply?")).toContain("system");
    const { candidates } = await engine.inspect("so how does the pipeline even work");
    const words = candidates.context.terms.map((t) => t.word);
    expect(words).toContain("pipeline");
    for (const w of ["so", "even"]) expect(words).not.toContain(w);
  });

  it("takes no function word for a term the paper must have ('nor', 'themselves')", async () => {
    const { candidates } = await engine.inspect("Which country sells neither oil nor gas to Israel, and does it keep them for themselves?");
    const asked = candidates.context.terms.map((t) => t.word);
    for (const w of ["neither", "nor", "themselves", "them"]) expect(asked).not.toContain(w);
    expect(asked).toEqual(expect.arrayContaining(["country", "oil", "gas", "israel", "keep"]));
  });
  it("answers a question typed in chat spellings as the question it spells, and shows it as typed", async () => {
    const a = await engine.ask("whos the president of azerbaijan");
    expect(a.question).toBe("whos the president of azerbaijan");
    expect(a.shortAnswer).toBe("Ilham Aliyev");
  });

  it("answers who wrote the paper from its metadata", async () => {
    const a = await engine.ask("who wrote this paper?");
    expect(a.abstained).toBe(false);
    expect(a.shortAnswer).toBe("Emil Souleimanov, Maya Ehrmann and Huseyn Aliyev");
  });

  it("answers a question about the paper's sources from where the paper speaks of itself, not from a sentence that says 'sources'", async () => {
    const a = await engine.ask("what sources do they use");
    expect(a.intent).toBe("paper-level");
    expect(a.answer.map((q) => q.quote).join(" ")).not.toMatch(/Azerbaijani sources point/);
  });

  it("answers what the authors conclude from where the paper closes", async () => {
    for (const question of ["what do the authors conclude?", "summarise the conclusion"]) {
      const a = await engine.ask(question);
      expect(a.answer.length, question).toBeGreaterThan(0);
      expect(a.answer.every((q) => /Conclusion/.test(q.citation.section)), question).toBe(true);
    }
  });

  it("answers 'what does the paper argue?', a question of nothing but asking words, from where the authors say they argue", async () => {
    const a = await engine.ask("what does the paper argue?");
    expect(a.answer[0]?.quote).toMatch(/\bargue/);
  });

  it("answers what the authors claim or conclude, in words the paper never uses, from where they state it", async () => {
    for (const question of ["what do the authors claim?", "what's the main point here", "what's the conclusion"]) {
      const a = await engine.ask(question);
      expect(a.answer.length, question).toBeGreaterThan(0);
      for (const quote of a.answer) expect(quote.quote, question).toMatch(/\b(?:this|the) (?:study|article|paper)\b/i);
    }
  });

  it("says it found no statement of the paper's limitations, rather than quoting its closing as if it were one", async () => {
    const a = await engine.ask("what are the limitations of the study?");
    expect(a.abstained).toBe(false);
    expect(a.answer).toEqual([]);
    expect(a.reply).toMatch(/^I found no sentence where “Focused on Iran\?.*” sets out its limitations/);
    // A side the paper does state is still quoted.
    expect((await engine.ask("what do the authors conclude?")).answer.length).toBeGreaterThan(0);
  });

  it("looks for a reason, not a name, in a how-question that adds another question word", async () => {
    const { analysis, candidates } = await engine.inspect("so how does the partnership even work? like who pays who");
    expect(analysis.intent).toBe("why");
    expect(candidates.kind).toBe("other");
  });

  it("answers 'how far' with a distance or not at all, and a quantity asked by its noun with an amount or not at all", async () => {
    expect((await engine.ask("how far is baku from tel aviv")).abstained).toBe(true);
    expect((await engine.ask("What is the maximum range of the Barak-8 missile?")).abstained).toBe(true);
  });

  it("says so when the paper's details name no authors, rather than quoting a sentence that does not answer", () => {
    const a = metadataAnswer("who wrote it?", "authors", { id: "bees.md", title: "Honey Bees", authors: [], editorialHeadings: [] });
    expect(a).toMatchObject({ abstained: false, answer: [], reply: "The paper's own details do not name the authors of “Honey Bees”." });
    expect(a.shortAnswer).toBeUndefined();
  });

  it("answers what the paper is about from the sentences where the authors state their aims", async () => {
    const a = await engine.ask("what is this paper about?");
    expect(a.intent).toBe("paper-level");
    expect(a.abstained).toBe(false);
    expect(a.answer[0]!.citation.section).toMatch(/Introduction|Conclusion|Abstract/);
    // Where the paper first speaks of itself, it says what it is about.
    expect(a.answer.map((q) => q.quote).join(" ")).toContain("This article seeks to explore the multifaceted cooperation");
  });

  it("gives a probability with every answer and abstains on a question far from the papers", async () => {
    const a = await engine.ask("Who wrote Pride and Prejudice?");
    expect(a.abstained).toBe(true);
    expect(a.confidence).toBeGreaterThanOrEqual(0);
    expect(a.confidence).toBeLessThan(1);
  });
});

describe("papers shaped in other ways", () => {
  /** An engine over one Markdown paper made of these blocks. */
  const paperOf = async (name: string, blocks: string[]) => {
    const dir = await tempDir("footnote-shaped-");
    await writeFile(path.join(dir, name), blocks.join("\n\n"));
    return openEngine(await testConfig({ CORPUS_DIR: dir }), createLogger("silent"));
  };

  it("finds what it concludes in its last section of argument, not in its appendix", async () => {
    const kites = await paperOf("kites.md", [
      "# Kites Over the Harbour",
      "## Introduction",
      "This paper asks why children in the harbour town fly kites in the autumn rather than in the spring.",
      "## Findings",
      "The autumn wind off the sea is steadier, and the school holidays fall in the same weeks.",
      "## Conclusion",
      "We conclude that the steady autumn wind, more than the holidays, explains when the kites fly.",
      "## Appendix: Interview Questions",
      "Which month do you fly your kite? Who taught you to fly it? Where do you buy the string?",
    ]);
    const a = await kites.ask("what does the paper conclude?");
    expect(a.answer[0]!.citation.section).toBe("Conclusion");
    expect(a.answer.map((q) => q.citation.section)).not.toContain("Appendix: Interview Questions");
  });

  it("reads its method and limitations in the sections named for them, and its byline as its authors", async () => {
    const sparse = await paperOf("sparse.md", [
      "# Sparse Attention for Long Contracts",
      "Maria Okafor, Daniel Brenner",
      "## Abstract",
      "We propose BlockSkip, a sparse attention pattern for long legal contracts that matches full attention while using far less memory.",
      "## 1 Introduction",
      "A single merger agreement can exceed 80,000 tokens, far beyond what most encoders read in one pass.",
      "## 3 Method",
      "Each token attends to the 256 tokens around it and to 64 anchor tokens chosen by a gating network.",
      "## 5 Limitations",
      "Our evaluation covers English contracts only, and we have not tested documents longer than 120,000 tokens.",
      "## 6 Conclusion",
      "BlockSkip makes whole-contract reading practical on a single machine.",
    ]);
    const limits = await sparse.ask("what are the limitations?");
    expect(limits.answer.map((q) => q.citation.section)).toEqual(["5 Limitations"]);
    expect((await sparse.ask("what method did they use?")).answer[0]!.citation.section).toBe("3 Method");
    expect((await sparse.ask("who wrote it?")).shortAnswer).toBe("Maria Okafor and Daniel Brenner");
    // Asked after another question, "what is it about?" is still read in its own words.
    const about = await sparse.ask("what is the paper about?", { context: ["what are the limitations?"] });
    expect(about.answer[0]!.citation.section).toBe("Abstract");
  });

  it("takes a word no dictionary lists for a name unless the paper writes it mostly in lower case", async () => {
    const benchmarks = await paperOf("benchmarks.md", [
      "# Benchmarks for Table Parsing",
      "## Data",
      "We collected three datasets of scanned invoices. The datasets were labelled by two annotators each.",
    ]);
    const { candidates } = await benchmarks.inspect("which datasets were used to train quuxbase?");
    const key = Object.fromEntries(candidates.context.terms.map((t) => [t.word, t.key]));
    expect(key).toMatchObject({ datasets: false, quuxbase: true });
    // WordNet lists neither an irregular past, a preposition nor a hyphenated phrase, and none of them is a name.
    const plain = await benchmarks.inspect("who wrote the question-and-answer datasets, and were they labelled toward quuxbase?");
    const terms = Object.fromEntries(plain.candidates.context.terms.map((t) => [t.word, t.key]));
    expect(terms).toMatchObject({ wrote: false, "question-and-answer": false, quuxbase: true });
    expect(terms).not.toHaveProperty("toward");
  });

  it("relates a name to the paper's words WordNet derives from it in another spelling ('Turkish' of Turkey)", async () => {
    const trade = await paperOf("trade.md", [
      "# Trade in Quba",
      "## Partners",
      "Trade with Turkey grew after 1995, and Turkish traders opened shops in Quba in 1998.",
    ]);
    const { candidates } = await trade.inspect("when did traders from turkey open shops in quba?");
    const turkey = candidates.context.terms.find((t) => t.word === "turkey")!;
    expect(turkey.key).toBe(true);
    expect([...turkey.related.keys()]).toContain("turkish");
  });

  it("answers from the sentence that says it of 'this project', named in the sentence before, and quotes both", async () => {
    const gardens = await paperOf("gardens.md", [
      "# Community Gardens in Leeds",
      "## Schemes",
      "In 2019 the city council started GreenRow, a scheme that lends empty plots to neighbours on long leases. The aim of this project is that every household can grow vegetables within a short walk of home.",
      "The council also runs BeeLine, which plants wildflowers along bus routes. Its organisers hope to double the number of pollinators in the city by 2030.",
      "## Results",
      "By 2023 more than four hundred plots were in use, most of them on land that had stood empty for a decade.",
    ]);
    const aim = await gardens.ask("What is the aim of GreenRow?");
    expect(aim.abstained).toBe(false);
    expect(aim.answer[0]!.quote).toMatch(/^In 2019 the city council started GreenRow.*grow vegetables within a short walk of home\.$/);
  });
});
