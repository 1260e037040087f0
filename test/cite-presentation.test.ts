import { describe, expect, it } from "vitest";
import type { EvidenceCard } from "../src/answer/debate.js";
import { evidencePackJson, evidencePackMarkdown } from "../src/answer/evidence-pack.js";
import type { Quote } from "../src/answer/types.js";
import { quoteEmbeds } from "../src/discord/format/quote.js";
import type { Citation } from "../src/ingest/types.js";
import { formatQuote } from "../src/terminal/format.js";

const citation: Citation = { paper: "Research Funding in Open Science", paperId: "funding.md", authors: ["Ulrich Herb"], year: 2014, section: "Open Review", paragraph: 2 };
const REFERENCE = "Pöschl, U., 2004. Interactive journal concept for improved scientific publishing and quality assurance. Learned Publishing, 17(2), pp.105–113.";
const quote: Quote = {
  quote: "It is meant to make review more transparent (Pöschl 2004).",
  citation,
  passageId: "funding.md#2.2",
  start: 0,
  end: 58,
  cites: [{ text: "Pöschl 2004", reference: REFERENCE }, { text: "Ghosh" }],
};

describe("a quote's cites with the paper's own references", () => {
  it("prints each full reference under the citation in the terminal", () => {
    expect(formatQuote(quote)).toBe(
      `  “It is meant to make review more transparent (Pöschl 2004).”\n    — Herb (2014), “Research Funding in Open Science”, § Open Review, ¶ 2 (the paper cites Pöschl 2004 and Ghosh)\n      Pöschl 2004: ${REFERENCE}`,
    );
  });

  it("shows them in the Discord embed, escaped and after the note", () => {
    const [embed] = quoteEmbeds({ text: quote.quote, citation, cites: quote.cites });
    expect(embed!.description).toBe(`> It is meant to make review more transparent (Pöschl 2004).\n*The paper cites Pöschl 2004 and Ghosh here.*\n-# Pöschl 2004: ${REFERENCE}`);
    expect(embed!.footer).toBe("Herb (2014), “Research Funding in Open Science”, § Open Review, ¶ 2");
  });

  it("carries them into debate evidence, as Markdown and as JSON", () => {
    const card: EvidenceCard = { ...quote, side: "for", tag: "…more transparent", signals: [], strength: 1 };
    const pack = { motion: "Review should be open", sides: ["for" as const], for: [card], against: [], emptySides: [], covered: true };
    expect(evidencePackMarkdown(pack)).toContain(`Source cited by the paper: Pöschl 2004 and Ghosh\n- Pöschl 2004: ${REFERENCE}\n`);
    expect(evidencePackJson(pack).for![0]!.cites).toEqual([{ text: "Pöschl 2004", reference: REFERENCE }, { text: "Ghosh" }]);
  });
});
