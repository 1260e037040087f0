import { describe, expect, it } from "vitest";
import type { EvidenceCard, EvidencePack } from "../src/answer/debate.js";
import type { Answer, Cite, Quote, ScoredPassage } from "../src/answer/types.js";
import { DEFAULT_SETTINGS } from "../src/db/server-settings.js";
import { formatAnswer } from "../src/discord/format/answer.js";
import { LIMITS } from "../src/discord/format/limits.js";
import { debateMessages } from "../src/discord/format/debate.js";
import { logPages } from "../src/discord/format/log.js";
import { escapeText, shortenEscaped } from "../src/discord/format/markdown.js";
import { embedSize, paginate } from "../src/discord/format/paginate.js";
import { paperPages } from "../src/discord/format/paper.js";
import { fullPassagePages, passageListPages, preview } from "../src/discord/format/passages.js";
import { quoteEmbeds, renderQuote } from "../src/discord/format/quote.js";
import { reindexFailedText, reindexText } from "../src/discord/format/reindex.js";
import { settingsDescription } from "../src/discord/format/settings.js";
import { answerSummary, debateSummary } from "../src/discord/format/summary.js";
import { splitToFit } from "../src/discord/format/split.js";
import type { Page } from "../src/discord/format/types.js";
import type { Citation, PaperMeta } from "../src/ingest/types.js";

const citation = (section = "Energy Security", paragraph = 2): Citation => ({
  paper: "Focused on Iran? Exploring the Rationale Behind the Strategic Relationship between Azerbaijan and Israel",
  paperId: "focused-on-iran.md",
  section,
  paragraph,
});

/** Every per-message limit Discord enforces on what the bot sends. */
function expectFits(page: Page): void {
  expect(page.embeds.length).toBeGreaterThan(0);
  expect(page.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
  expect(page.embeds.reduce((n, e) => n + embedSize(e), 0)).toBeLessThanOrEqual(LIMITS.embedTotal);
  for (const e of page.embeds) {
    expect(e.description.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect((e.footer ?? "").length).toBeLessThanOrEqual(LIMITS.embedFooter);
    expect((e.title ?? "").length).toBeLessThanOrEqual(LIMITS.embedTitle);
  }
  expect(page.actions.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow * LIMITS.rowsPerMessage);
}

/** Undoes renderQuote: the text a reader sees, without quote markers, bold or escapes. */
function unrender(markdown: string): string {
  return markdown
    .split("\n")
    .map((line) => line.replace(/^> ?/, ""))
    .join("\n")
    .replaceAll("**", "")
    .replace(/\\(.)/g, "$1");
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

const sentence = (i: number) => `Sentence number ${i} says something about oil and natural gas in the Caspian Sea. `;
const longText = Array.from({ length: 120 }, (_, i) => sentence(i)).join("").trim();

describe("splitToFit", () => {
  it("covers the text exactly, each piece within the limit, cutting after sentences", () => {
    const spans = splitToFit(longText, 1000);
    expect(spans.length).toBeGreaterThan(1);
    expect(spans.map((s) => longText.slice(s.start, s.end)).join("")).toBe(longText);
    for (const s of spans) {
      expect(s.end - s.start).toBeLessThanOrEqual(1000);
      expect(longText.slice(s.start, s.end).trimEnd()).toMatch(/\.$/);
    }
  });

  it("falls back to words for one long sentence, and to characters for one long word", () => {
    const words = "word ".repeat(50).trim();
    const byWords = splitToFit(words, 22);
    expect(byWords.every((s) => /^(word ?)+$/.test(words.slice(s.start, s.end)))).toBe(true);
    const word = "x".repeat(25);
    expect(splitToFit(word, 10).map((s) => s.end - s.start)).toEqual([10, 10, 5]);
  });

  it("respects a custom measure", () => {
    const spans = splitToFit("a* b* c* d*", 6, (s, e) => escapeText("a* b* c* d*".slice(s, e)).length);
    for (const s of spans) expect(escapeText("a* b* c* d*".slice(s.start, s.end)).length).toBeLessThanOrEqual(6);
  });
});

describe("renderQuote", () => {
  it("block-quotes every line and bolds the highlight", () => {
    const text = "Israel opened an embassy in Baku in 1993.\n\nIt was the first.";
    const start = text.indexOf("1993");
    expect(renderQuote(text, 0, text.length, { start, end: start + 4 })).toBe(
      "> Israel opened an embassy in Baku in **1993**.\n>\n> It was the first.",
    );
  });

  it("escapes Markdown in the source so it shows literally", () => {
    const rendered = renderQuote("a *starred* _word_ and # not a heading", 0, 38);
    expect(rendered).toContain("\\*starred\\*");
    expect(rendered).toContain("\\_word\\_");
  });

  it("bolds only the part of a highlight inside the span", () => {
    const text = "One two. Three four.";
    expect(renderQuote(text, 0, 8, { start: 4, end: 14 })).toBe("> One **two.**");
    expect(renderQuote(text, 8, text.length, { start: 4, end: 14 })).toBe("> **Three** four.");
  });
});

describe("quoteEmbeds", () => {
  it("keeps a short quote in one embed with the citation in the footer", () => {
    const [embed, ...rest] = quoteEmbeds({ text: "Short quote.", citation: citation(), cites: [{ text: "Lim" }] });
    expect(rest).toEqual([]);
    expect(embed!.description).toBe("> Short quote.\n*The paper cites Lim here.*");
    expect(embed!.footer).toBe("“Focused on Iran?”, § Energy Security, ¶ 2");
  });

  it("splits a long quote between sentences without losing a word", () => {
    const embeds = quoteEmbeds({ text: longText, citation: citation(), highlight: { start: 100, end: 110 } });
    expect(embeds.length).toBeGreaterThan(1);
    for (const e of embeds) expect(e.description.length).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(embeds.map((e) => e.footer)).toEqual(embeds.map((_, i) => `“Focused on Iran?”, § Energy Security, ¶ 2 (${i + 1}/${embeds.length})`));
    expect(squash(embeds.map((e) => unrender(e.description)).join(" "))).toBe(squash(longText));
  });
});

describe("paginate", () => {
  it("starts a new page at 10 embeds or 6,000 characters", () => {
    const small = Array.from({ length: 23 }, () => ({ description: "x" }));
    expect(paginate(small).map((p) => p.embeds.length)).toEqual([10, 10, 3]);
    const big = Array.from({ length: 4 }, () => ({ description: "y".repeat(2500) }));
    expect(paginate(big).map((p) => p.embeds.length)).toEqual([2, 2]);
  });
});

const quote = (text: string, extra: Partial<Quote> = {}): Quote => ({
  quote: text,
  citation: citation(),
  passageId: "focused-on-iran.md#5.2.0",
  start: 0,
  end: text.length,
  cites: [],
  ...extra,
});

const passage = (id: string, text: string, section = "Energy Security"): ScoredPassage => ({ id, text, score: 1, citation: citation(section) });

describe("formatAnswer", () => {
  const answer: Answer = {
    question: "How much is *bilateral* trade worth?",
    intent: "factoid",
    confidence: 0.9,
    abstained: false,
    shortAnswer: "$4 billion",
    answer: [quote("In fact, bilateral trade between Azerbaijan and Israel now totals some $4 billion annually.", { highlight: { start: 71, end: 81 }, cites: [{ text: "Lim" }] })],
    passages: [],
    closestSections: [],
  };

  it("shows the question (escaped), the short answer in bold, then the quote and its citation", () => {
    const [page, ...rest] = formatAnswer(answer);
    expect(rest).toEqual([]);
    expectFits(page!);
    expect(page!.embeds[0]!.description).toBe("*Q: How much is \\*bilateral\\* trade worth?*\n\n**$4 billion**");
    expect(page!.embeds[1]!.description).toBe(
      "> In fact, bilateral trade between Azerbaijan and Israel now totals some **$4 billion** annually.\n*The paper cites Lim here.*",
    );
    expect(page!.actions).toEqual([{ kind: "passage", passageId: "focused-on-iran.md#5.2.0", label: "Show full passage" }]);
  });

  it("titles a quote that qualifies the lead one, so a yes/no question gets both sides and no verdict", () => {
    const lead = quote("Israel trains Azerbaijan's security forces.");
    const limit = { ...quote("However, the scale of this training is not known.", { passageId: "focused-on-iran.md#5.2.1" }), qualifies: true };
    const [page] = formatAnswer({ ...answer, intent: "yes-no", shortAnswer: undefined, answer: [lead, limit] });
    expect(page!.embeds[1]!.title).toBeUndefined();
    expect(page!.embeds[2]!.title).toBe("The paper also qualifies this");
    expect(page!.embeds[2]!.description).toContain("However, the scale");
  });

  it("says the papers don't cover it and lists the closest sections when abstaining", () => {
    const [page] = formatAnswer({ ...answer, abstained: true, shortAnswer: undefined, answer: [], closestSections: [citation("Focus on Iran", 3)] });
    expect(page!.embeds[0]!.description).toContain("The papers don't cover this.");
    expect(page!.embeds[0]!.description).toContain("• “Focused on Iran?”, § Focus on Iran, ¶ 3");
  });

  it("pages a very long answer without cutting any quote", () => {
    const quotes = Array.from({ length: 12 }, (_, i) => quote(`${longText} End ${i}.`, { passageId: `p#${i}` }));
    const pages = formatAnswer({ ...answer, answer: quotes });
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach(expectFits);
    const shown = pages.flatMap((p) => p.embeds.slice(0)).map((e) => unrender(e.description)).join(" ");
    for (let i = 0; i < 12; i++) expect(squash(shown)).toContain(`End ${i}.`);
    expect(squash(shown).split(squash(longText)).length - 1).toBe(12);
    expect(pages[0]!.actions.map((a) => (a.kind === "passage" ? a.label : ""))).toEqual(["Full passage 1", "Full passage 2", "Full passage 3"]);
  });

  it("leaves @everyone in paper text as text (allowed mentions stop the ping)", () => {
    const [page] = formatAnswer({ ...answer, answer: [quote("Tell @everyone and @here.")] });
    expect(page!.embeds[1]!.description).toBe("> Tell @everyone and @here.");
  });
});

describe("passage lists", () => {
  const passages = Array.from({ length: 7 }, (_, i) => passage(`p#${i}`, `${sentence(i)}${sentence(i + 100)}${sentence(i + 200)}`));

  it("numbers entries across pages with a Show button each", () => {
    const pages = passageListPages(passages, "**Passages for** oil");
    expect(pages.map((p) => p.actions.map((a) => (a.kind === "passage" ? a.label : "")))).toEqual([
      ["Show 1", "Show 2", "Show 3", "Show 4", "Show 5"],
      ["Show 6", "Show 7"],
    ]);
    pages.forEach(expectFits);
    expect(pages[1]!.embeds[0]!.description).toContain("**6\\. “Focused on Iran?”, § Energy Security, ¶ 2**");
  });

  it("previews with the first sentence, marked as cut", () => {
    expect(preview(`${sentence(1)}${sentence(2)}${sentence(3)}`)).toBe(`${sentence(1).trim()} …`);
    expect(preview("Short.")).toBe("Short.");
  });

  it("shows a whole passage in full, however long", () => {
    const pages = fullPassagePages(passage("p#long", longText));
    pages.forEach(expectFits);
    expect(squash(pages.flatMap((p) => p.embeds).map((e) => unrender(e.description)).join(" "))).toBe(squash(longText));
  });
});

describe("paperPages", () => {
  const meta: PaperMeta = {
    id: "focused-on-iran.md",
    title: "Focused on Iran?",
    authors: ["Emil Souleimanov", "Maya Ehrmann"],
    journal: "Journal of Southeast European & Black Sea Studies",
    volume: "14",
    issue: "4",
    year: 2014,
    month: "December",
    editorialHeadings: ["Introduction"],
  };
  const sections = ["Introduction", "Energy Security"].map((title) => ({ paperId: meta.id, paper: meta.title, title, paragraphs: 3 }));

  it("lists the paper's details, its sections (editorial ones bracketed) and both citations", () => {
    const [page] = paperPages([meta], sections);
    const text = page!.embeds[0]!.description;
    expect(text).toContain("**Focused on Iran?**");
    expect(text).toContain("Emil Souleimanov, Maya Ehrmann");
    expect(text).toContain("*Journal of Southeast European & Black Sea Studies*, 14(4), December 2014");
    expect(text).toContain("[Introduction] · Energy Security");
    expect(text).toContain("**Cite as (APA)**\nSouleimanov, E., & Ehrmann, M. (2014). Focused on Iran? *Journal of Southeast European & Black Sea Studies*, *14*(4).");
    expect(text).toContain("**Cite as (Chicago)**");
    expect(text).toContain("**BibTeX**\n```bibtex\n@article{Souleimanov2014Focused,\n\tauthor = {Souleimanov, Emil and Ehrmann, Maya},");
  });

  it("shortens a 1,500-character title and 30 authors so that every paper still fits", () => {
    const title = "Strategic partnership and *energy* ".repeat(43).slice(0, 1500);
    const authors = Array.from({ length: 30 }, (_, i) => `Author${i} Middlename Familyname${i}`);
    const long: PaperMeta = { ...meta, id: "long.md", title, authors, journal: "Journal ".repeat(100), doi: `10.1000/${"x".repeat(500)}` };
    const pages = paperPages([long, meta], [...sections, { paperId: long.id, paper: title, title: "Energy Security", paragraphs: 1 }]);
    pages.forEach(expectFits);
    const [text, short] = pages.flatMap((p) => p.embeds.map((e) => e.description));
    expect(text).toMatch(/^\*\*Strategic partnership and \\\*energy\\\* .*…\*\*\n/);
    expect(text).toContain("Author0 Middlename Familyname0, Author1");
    expect(text).toMatch(/\*\*Cite as \(APA\)\*\*\nFamilyname0, A\. M\., .*…\n/);
    expect(text).toMatch(/\*\*Cite as \(Chicago\)\*\*\nFamilyname0, Author0 Middlename, .*…$/);
    expect(short).toContain("**Focused on Iran?**");
  });
});

describe("long titles and headings in citations", () => {
  const long = { ...citation("Energy Security ".repeat(100)), paper: "A study of the partnership ".repeat(60) };

  it("keep answers, abstentions and passage lists within Discord's limits", () => {
    const answer: Answer = {
      question: "What about energy?",
      intent: "factoid",
      confidence: 0.9,
      abstained: false,
      answer: [quote("Oil flows west.", { citation: long })],
      passages: Array.from({ length: 5 }, (_, i) => ({ ...passage(`p#${i}`, sentence(i)), citation: long })),
      closestSections: Array.from({ length: 5 }, () => long),
    };
    const pages = [
      ...formatAnswer(answer),
      ...formatAnswer({ ...answer, abstained: true, answer: [] }),
      ...passageListPages(answer.passages, "**Passages searched**"),
    ];
    pages.forEach(expectFits);
    expect(pages[0]!.embeds[1]!.footer).toMatch(/^“A study of the partnership .*…”, § Energy Security .*…, ¶ 2$/);
  });
});

describe("debate messages", () => {
  const card = (quote: string, cites: Cite[] = [], side: "for" | "against" = "for"): EvidenceCard => ({
    quote,
    citation: citation(),
    passageId: "focused-on-iran.md#4.2",
    start: 0,
    end: quote.length,
    cites,
    side,
    tag: `…${quote.slice(0, 40)}`,
    signals: [],
    strength: 1,
  });
  const pack = (overrides: Partial<EvidencePack>): EvidencePack => ({
    motion: "The partnership is *mainly* about Iran",
    sides: ["for", "against"],
    for: [],
    against: [],
    emptySides: [],
    covered: true,
    ...overrides,
  });

  it("gives each side its own message, headed by the side and the motion, a card per quote", () => {
    const messages = debateMessages(pack({ for: [card("Iran matters (Ghosh).", [{ text: "Ghosh" }])], against: [card("Trade matters.", [], "against")] }));
    expect(messages).toHaveLength(2);
    const [forSide, against] = messages.map((pages) => pages[0]!.embeds);
    expect(forSide![0]!.description).toBe("**For** · *The partnership is \\*mainly\\* about Iran*");
    expect(forSide![1]).toEqual({
      title: "…Iran matters (Ghosh).",
      description: "> Iran matters (Ghosh).\n*The paper cites Ghosh here.*",
      footer: "“Focused on Iran?”, § Energy Security, ¶ 2",
    });
    expect(against![0]!.description).toMatch(/^\*\*Against\*\* · /);
  });

  it("says plainly when a side has no evidence, and when the papers do not cover the motion", () => {
    const [, against] = debateMessages(pack({ for: [card("Iran matters.")], emptySides: ["against"] }));
    expect(against).toEqual([{ embeds: [{ description: expect.stringMatching(/\n\nNo evidence found on this side\.$/) }], actions: [] }]);
    const uncovered = debateMessages(pack({ covered: false, emptySides: ["for", "against"] }));
    expect(uncovered).toHaveLength(1);
    expect(uncovered[0]![0]!.embeds[0]!.description).toMatch(/don't cover this motion/);
  });

  it("pages a side with many long cards without cutting a quote", () => {
    const cards = Array.from({ length: 5 }, (_, i) => card(longText.slice(i * 100, i * 100 + 5000)));
    const [pages] = debateMessages(pack({ sides: ["for"], for: cards }));
    expect(pages!.length).toBeGreaterThan(1);
    pages!.forEach(expectFits);
    const shown = pages!.flatMap((p) => p.embeds).slice(1);
    const titled = shown.filter((e) => e.title).length;
    expect(titled).toBe(5);
    expect(squash(shown.map((e) => unrender(e.description)).join(" "))).toBe(squash(cards.map((c) => c.quote).join(" ")));
  });

  it("keeps an escaped title within Discord's limit", () => {
    const title = shortenEscaped("*_".repeat(300), LIMITS.embedTitle);
    expect(title.length).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(title.endsWith("…")).toBe(true);
  });
});

describe("moderation replies", () => {
  const operator = { ALLOWED_CHANNELS: [], RATE_LIMIT_PER_MINUTE: 6, MENTIONS_ENABLED: true, LOG_RETENTION_DAYS: 30 };

  it("summarises replies in one line for the log", () => {
    const quote: Quote = { quote: "In 1993.", citation: citation("Country Profiles", 1), passageId: "p", start: 0, end: 8, cites: [] };
    const answer: Answer = { question: "When?", intent: "factoid", confidence: 0.9, abstained: false, shortAnswer: "1993", answer: [quote], passages: [], closestSections: [] };
    expect(answerSummary(answer)).toBe("1993 — “Focused on Iran?”, § Country Profiles, ¶ 1");
    expect(answerSummary({ ...answer, abstained: true, answer: [] })).toBe("Abstained: the papers don't cover this.");
    const debated = { motion: "m", sides: ["for", "against"], for: [{ ...quote, side: "for" }], against: [], emptySides: ["against"], covered: true } as unknown as EvidencePack;
    expect(debateSummary(debated)).toBe("1 for, 0 against — first: “Focused on Iran?”, § Country Profiles, ¶ 1");
  });

  it("shows every setting, and where the operator's settings narrow them", () => {
    const text = settingsDescription({ ...DEFAULT_SETTINGS, channels: ["1"], cooldownSeconds: 10 }, { ...operator, ALLOWED_CHANNELS: ["2"], MENTIONS_ENABLED: false, LOG_RETENTION_DAYS: 0 });
    expect(text).toContain("I answer only in <#1> and its threads. The bot's host also limits me to <#2> (ALLOWED_CHANNELS).");
    expect(text).toContain("Each member waits 10 s between requests.");
    expect(text).toContain("Mentions are off for every server (MENTIONS_ENABLED=false)");
    expect(text).toContain("Off: nothing is logged (LOG_RETENTION_DAYS=0).");
  });

  it("pages a long log, whole entries per embed", () => {
    const entries = Array.from({ length: 50 }, (_, i) => ({
      at: new Date(0),
      guildId: "g",
      channelId: "c",
      userId: `${i}`,
      command: i % 2 ? "ask" : "mention",
      question: "q ".repeat(400),
      reply: "r ".repeat(400),
    }));
    const pages = logPages(entries, 30);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach(expectFits);
    const text = pages.flatMap((p) => p.embeds.map((e) => e.description)).join("\n\n");
    expect(text.match(/<t:0:f>/g)).toHaveLength(50);
    expect(text).toContain("<t:0:f> · **mention** · <@0> in <#c>");
    expect(logPages([], 30)[0]!.embeds[0]!.description).toBe("Nothing was asked in this server in the last 30 days.");
  });

  it("reports a rebuild, its warnings, or why it failed", () => {
    const warnings = Array.from({ length: 10 }, (_, i) => `Skipped file_${i}.md: the file is empty.`);
    const text = reindexText({ papers: 1, passages: 120, embedded: 3, ms: 2345, warnings });
    expect(text).toMatch(/^Reindexed: 1 paper, 120 passages \(3 embedded afresh\) in 2\.3 s\./);
    expect(text).toContain("• Skipped file\\_0.md: the file is empty.");
    expect(text).toContain("…and 2 more in the bot's log.");
    expect(text.length).toBeLessThan(2000);
    expect(reindexFailedText("ENOENT: no such folder")).toBe("The rebuild failed, so I'm still answering from the old index. Reason: ENOENT: no such folder");
  });
});
