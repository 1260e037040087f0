import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Capitalisation } from "../src/answer/capitalisation.js";
import { findCiteMarks } from "../src/ingest/cite-marks.js";
import { countCapitalisation } from "../src/indexes/corpus-stats.js";
import { loadIndex } from "../src/indexes/store.js";
import { answerKind, headWords, QuestionError, validateQuestion } from "../src/answer/question.js";
import { findShortAnswer } from "../src/answer/short-answer.js";
import { askedPhrase } from "../src/answer/question-terms.js";
import type { FootnoteEngine } from "../src/engine.js";
import { contentWords } from "../src/ingest/terms.js";
import { parseEvalLines } from "../src/terminal/eval-score.js";
import { WordNet } from "../src/lexicon/wordnet.js";
import { EVAL_DIR, openTestEngine } from "./support/engine.js";

let engine: FootnoteEngine;
let sources: Map<string, string>;

beforeAll(async () => {
  let config;
  ({ engine, config } = await openTestEngine());
  const { documents } = await loadIndex(config.INDEX_DIR);
  sources = new Map(documents.papers.map((p, i) => [p.meta.id, documents.get(i).text]));
});

const devQuestions = async (file: string) => parseEvalLines(await readFile(path.join(EVAL_DIR, file), "utf8"), file);

describe("answers", () => {
  it("answer at least 97 % of the dev questions, each quote verbatim at the offsets its citation gives", async () => {
    const lines = await devQuestions("questions.dev.jsonl");
    let abstained = 0;
    for (const line of lines) {
      const answer = await engine.ask(line.q);
      if (answer.abstained) {
        abstained++;
        continue;
      }
      expect(answer.answer.length).toBeGreaterThan(0);
      for (const q of answer.answer) {
        const source = sources.get(q.citation.paperId)!;
        expect(source.slice(q.start, q.end), line.q).toBe(q.quote);
        const [paragraph] = engine.quote(q.citation.section, q.citation.paragraph, q.citation.paperId)!;
        expect(paragraph!.start <= q.start && q.end <= paragraph!.end, `${line.q}: ¶ ${q.citation.paragraph}`).toBe(true);
        if (q.highlight) expect(q.quote.slice(q.highlight.start, q.highlight.end)).toBe(answer.shortAnswer);
      }
    }
    // The fitted abstention threshold trades a rare false abstention for refusing near-misses (issue 10's target: ≥ 0.97).
    expect(abstained / lines.length).toBeLessThanOrEqual(0.03);
  });

  it("lead with the short answer a question asks for", async () => {
    expect((await engine.ask("When did Israel open an embassy in Baku?")).shortAnswer).toBe("1993");
    expect((await engine.ask("How large are Azerbaijan's proven crude oil reserves?")).answer[0]!.quote).toContain("seven billion barrels");
  });

  it("say when the papers do not cover a question, naming the closest sections", async () => {
    for (const line of await devQuestions("offtopic.dev.jsonl")) {
      const answer = await engine.ask(line.q);
      expect(answer.abstained, line.q).toBe(true);
      expect(answer.answer).toEqual([]);
      expect(answer.closestSections.length).toBeGreaterThan(0);
    }
  });

  it("take a place typed in lower case that the paper never names for a name, not an ordinary word", async () => {
    // "capital" alone matches a sentence on Azerbaijan's capital; France is what is asked about.
    expect((await engine.ask("what is the capital of france")).abstained).toBe(true);
  });

  it("tolerate a small typo in a name", async () => {
    const answer = await engine.ask("When did Israel open an embasy in Bakku?");
    expect(answer.abstained).toBe(false);
    expect(answer.shortAnswer).toBe("1993");
  });

  it("answer a why-question with the sentence that gives the reason", async () => {
    const answer = await engine.ask("Why is Baku unlikely to yield its soil to Israel for an attack on Iran?");
    expect(answer.answer[0]!.quote).toMatch(/highly unlikely that Baku[\s\S]*760\s+km border/);
  });

  it("read curly quotes, dashes, case, amounts and compounds as their plain forms", async () => {
    const plain = await engine.ask("Which air defence system did Israel Aerospace Industries pledge to supply in the $1.6 billion deal?");
    const styled = await engine.ask("WHICH air–defence system did Israel Aerospace Industries pledge to supply in the “$1.6 billion” deal?");
    expect(styled.answer[0]!.quote).toBe(plain.answer[0]!.quote);
    expect(plain.answer[0]!.quote).toContain("Barak-8");
    expect((await engine.ask("Who spoke of a ‘zero anti‐Semitism rate’?")).answer.map((q) => q.quote).join(" ")).toContain("zero anti-Semitism rate");
  });

  it("name the paper's own sources", async () => {
    const answer = await engine.ask("Why has Azerbaijan not opened an embassy in Tel Aviv?");
    expect(answer.answer[0]!.cites).toEqual([{ text: "Shaffer" }]);
  });

  it("use a conversation's earlier question for a short follow-up", async () => {
    const answer = await engine.ask("what about gas?", { context: ["How large are Azerbaijan's proven oil reserves?"] });
    expect(answer.answer.map((q) => q.quote).join(" ")).toMatch(/natural gas/);
  });
});

describe("question checks", () => {
  it("give clear messages for empty, blank, huge or wordless questions", () => {
    expect(() => validateQuestion("", 500)).toThrow(QuestionError);
    expect(() => validateQuestion("   \n\t ", 500)).toThrow(/empty/);
    expect(() => validateQuestion("x".repeat(10_000), 500)).toThrow(/10,000 characters long; the limit is 500/);
    expect(() => validateQuestion("<@123456789012345678> @everyone **", 500)).toThrow(/any words/);
  });

  it("strip chat markup and pings", () => {
    expect(validateQuestion("<@123456789012345678> **When** did @everyone see 1993?", 500)).toBe("When did see 1993?");
  });

  it("tell which kind of answer is asked for", () => {
    expect(answerKind("When did Israel open an embassy?")).toBe("year");
    expect(answerKind("How much natural gas does Azerbaijan hold?")).toBe("number");
    expect(answerKind("Who painted it?")).toBe("person");
    expect(answerKind("Where did the forum take place?")).toBe("place");
    expect(answerKind("Which side did Iran support?")).toBe("name");
    expect(answerKind("Why is Iran a concern?")).toBe("other");
    expect(answerKind("How many drones did it buy?")).toBe("count");
    expect(answerKind("How much did the deal cost?")).toBe("money");
    expect(answerKind("What share of its gas does Israel export?")).toBe("share");
    expect(answerKind("How far from the bushes were the hives?")).toBe("distance");
    expect(answerKind("How long has the embassy been open?")).toBe("measure");
    // Asked who a named person is, the answer describes them: no name to look for.
    expect(answerKind("who is hasan farahji")).toBe("other");
    expect(answerKind("who is the president of azerbaijan")).toBe("person");
    const wordnet = WordNet.bundled();
    expect(answerKind("who is azerbaijans president", (w, a, n) => wordnet.isA(w, a, n))).toBe("person");
    expect(answerKind("who is hasan farahji", (w, a, n) => wordnet.isA(w, a, n))).toBe("other");
    // "What is the … of" asks for a quantity when a word of its noun phrase names one in its commonest sense.
    expect(answerKind("What is the maximum range of the Barak-8 missile?", (w, a, n) => wordnet.isA(w, a, n))).toBe("quantity");
    expect(answerKind("what's the length of the pipeline", (w, a, n) => wordnet.isA(w, a, n))).toBe("quantity");
    expect(answerKind("What is the tallest mountain in Africa?", (w, a, n) => wordnet.isA(w, a, n))).toBe("other");
    expect(answerKind("What is the role of Iran in the partnership?", (w, a, n) => wordnet.isA(w, a, n))).toBe("other");
  });
});

describe("short answers and sources", () => {
  const capitalisation = new Capitalisation(countCapitalisation(["due to fear of Iran, moreover", "drilling by SOCAR and Iran"]));
  const short = (sentence: string, question: string) => {
    const span = findShortAnswer(sentence, answerKind(question), { asked: contentWords(question), head: headWords(question), turnsOn: askedPhrase(question), capitalisation });
    return span && sentence.slice(span.start, span.end);
  };

  it("find years, amounts in figures or words, and names", () => {
    expect(short("An Israeli embassy was opened in Baku in 1993, but none in Tel Aviv.", "When did Israel open an embassy in Baku?")).toBe("1993");
    expect(short("Trade reached $4 billion annually by 2012.", "How large is annual trade?")).toBe("$4 billion");
    expect(short("In 2012, Israel spent an estimated 14.6 billion USD on its armed forces.", "How much did Israel spend on its armed forces?")).toBe("14.6 billion USD");
    expect(short("Azerbaijan lost one-fifth of its territory in the war.", "How much of its territory did Azerbaijan lose?")).toBe("one-fifth of its territory");
    expect(short("Relations strained in 2010 with the Gaza Flotilla incident (Abrams).", "Which 2010 incident strained relations?")).toBe("Gaza Flotilla incident");
    // A name, not its possessive.
    expect(short("The systems were placed on the Absheron peninsula, where Azerbaijan’s capital lies.", "Where is the Absheron peninsula?")).toBe("Azerbaijan");
    // A distance is answered in a unit of length, a count is not one: not a fraction either.
    expect(short("Farms that kept hives within two hundred metres of their bushes harvested about a fifth more cherries.", "How far from the bushes were the hives?")).toBe("two hundred metres");
    expect(short("Farms that kept hives within two hundred metres of their bushes harvested about a fifth more cherries.", "How many more cherries did farms with hives harvest?")).toBeUndefined();
    expect(short("The war lasted 6 years and cost 30,000 lives.", "How many years did the war last?")).toBe("6 years");
    expect(short("Farms that kept hives within two hundred metres of their bushes harvested about a fifth more cherries.", "How much bigger was the harvest?")).toBe("a fifth");
  });

  it("take a name in apposition to the asked-for noun, and not a sentence's capitalised first word", () => {
    expect(short("Moreover, according to Israeli politician Binyamin Ben Eliezer, Israel wants oil from Ceyhan through the Ashkelon-Eilat pipeline.", "Which Israeli politician spoke about exporting oil?")).toBe("Binyamin Ben Eliezer");
    expect(short("Indeed, in 2012, SOCAR, the State Oil Company of the Azerbaijani Republic, started drilling in Israel’s oil field.", "Which company is the State Oil Company of the Azerbaijani Republic?")).toBe("SOCAR");
    expect(short("Due to its position, Azerbaijan may serve as a transit country for Kazakhstan and Turkmenistan.", "Which Central Asian countries could ship gas through Azerbaijan?")).toBe("Kazakhstan and Turkmenistan");
    expect(short("Israel wants oil from Ceyhan sent to the Red Sea, where it can reach markets such as China and India.", "Which Asian customers could the oil reach from the Red Sea?")).toBe("China and India");
    expect(short("Iran was the second Muslim state to recognize Israel.", "After Ankara, which Muslim country was next to recognise the Jewish state?")).toBe("Iran");
  });

  it("know a short paper's capitalised sentence openers by the dictionary where the paper never writes them mid-sentence", () => {
    const small = new Capitalisation(countCapitalisation(["Planting more flowers helps. Ingrid Halvorsen counted bees in Oslo."]), WordNet.bundled());
    expect(small.isOpener("planting", false)).toBe(true);
    expect(small.isOpener("ingrid", false)).toBe(false);
    expect(small.isOpener("oslo", false)).toBe(false);
  });

  it("know a word with a capital inside it for a name, and a word the paper writes mostly in lower case for none", () => {
    const caps = new Capitalisation(countCapitalisation(["Preprints go to arXiv first. A preprint is shared early, and a preprint can change."]));
    expect(caps.isName("arxiv")).toBe(true);
    expect(caps.isCommon("arxiv")).toBe(false);
    expect(caps.isCommon("preprint")).toBe(true);
  });

  it("leave a tie between capitalised and lower-case uses to the dictionary", () => {
    const caps = new Capitalisation(countCapitalisation(["See the Website of Quuxbase. The website lists quuxbase mirrors."]), WordNet.bundled());
    expect(caps.isName("website")).toBe(false);
    expect(caps.isName("quuxbase")).toBe(true);
  });

  it("give a count, a sum of money or a share only where the question asks for one", () => {
    const sentence = "In 2012 the journal published 23,464 articles, charged $1,350 each and rejected 30% of submissions.";
    expect(short(sentence, "How many articles did the journal publish?")).toBe("23,464");
    expect(short(sentence, "How much does the journal charge?")).toBe("$1,350");
    expect(short(sentence, "What percentage of submissions were rejected?")).toBe("30%");
    expect(short("The journal published 23,464 articles.", "How much does the journal charge?")).toBeUndefined();
    // A model number is part of a name; a quantity asked by its noun is neither money nor a share.
    expect(short("It bought drones (including Elbit Hermes 450 and Orbiter) for $1.6 billion.", "How many drones did it buy?")).toBeUndefined();
    expect(short("In 450 cases the deal failed.", "How many cases failed?")).toBe("450");
    // A count of other things is no answer to "how much did it fall?".
    expect(short("Using data from 212 sites, richness fell by 27% on average.", "How much did richness drop?")).toBe("27%");
    expect(short("We surveyed 212 sites.", "How much did richness drop?")).toBeUndefined();
    // A time is the size of nothing but a time.
    expect(short("Its resonance period of about 13 hours makes tides of up to 16 metres.", "How big are the tides?")).toBe("16 metres");
    expect(short("Average sleep fell by 0.9 hours in the exam week.", "How much did sleep drop?")).toBe("0.9 hours");
    expect(short("Each wore an actigraph for fourteen nights.", "How long did each wear the actigraph?")).toBe("fourteen nights");
    // A digit inside a name ("F1", "A100") is no amount.
    expect(short("It matches full attention (81.2 vs 81.5 F1) while using 6.3 times less memory.", "How much less memory does it use?")).toBe("6.3 times");
    const quantity = (sentence: string) => findShortAnswer(sentence, "quantity", { asked: [], head: [], turnsOn: [] });
    expect(quantity("The deal was worth $1.6 billion.")).toBeUndefined();
    expect(quantity("The missile has a range of 70 km.")).toEqual({ start: 27, end: 32 });
  });

  it("give the amount of what was asked, not the one nearest the question's words", () => {
    const reserves = "Of these, the proven reserves are estimated at seven billion barrels of crude oil and 2.55 trillion cubic metres of natural gas.";
    expect(short(reserves, "How large are the proven crude oil reserves?")).toBe("seven billion barrels");
    expect(short(reserves, "How much natural gas is in the reserves?")).toBe("2.55 trillion cubic metres");
    // Never the question's own words.
    expect(short("Twenty percent of top universities got 61.6% of the funding.", "What share of the funding went to twenty percent of top universities?")).toBe("61.6%");
    // What a fraction is a fraction of is not what it counts.
    expect(short("The minority numbers 15-20 million people, about one-fourth of Iran’s population.", "How big is the minority in Iran?")).toBe("15-20 million people");
  });

  it("tell a date from a count of years", () => {
    expect(short("The community goes back over 2000 years, while others settled in the late nineteenth century.", "When did Ashkenazi Jews begin settling?")).toBe("late nineteenth century");
  });

  it("find the paper's in-text references but not parenthetical remarks", () => {
    const cites = (s: string) => findCiteMarks(s).map((c) => c.text);
    expect(cites("It grew (Aras; Bishku).")).toEqual(["Aras", "Bishku"]);
    expect(cites("It grew (Ehrmann, Souleimanov, and Kraus).")).toEqual(["Ehrmann, Souleimanov, and Kraus"]);
    expect(cites("Drones (including Elbit Hermes 450, Orbiter) were sold.")).toEqual([]);
    expect(cites("It was (Priem et al., 2010; see Herb 2012, p. 4) and (Laakso & Björk 2012) [3, 5].")).toEqual(["Priem et al., 2010", "Herb 2012, p. 4", "Laakso & Björk 2012", "3", "5"]);
    expect(cites("It has a Digital Object Identifier (DOI) and a Publication Charge (Article Publication Charge).")).toEqual([]);
  });
});
