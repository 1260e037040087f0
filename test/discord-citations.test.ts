import { describe, expect, it } from "vitest";
import { apaCitation, chicagoCitation, parseName, plainText } from "../src/answer/cite-format.js";
import type { PaperMeta } from "../src/ingest/types.js";

const iran: PaperMeta = {
  id: "focused-on-iran.md",
  title: "Focused on Iran? Exploring the Rationale Behind the Strategic Relationship between Azerbaijan and Israel",
  authors: ["Emil Souleimanov", "Maya Ehrmann", "Huseyn Aliyev"],
  journal: "Journal of Southeast European & Black Sea Studies",
  volume: "14",
  issue: "4",
  year: 2014,
  month: "December",
  editorialHeadings: ["Introduction", "Conclusion"],
};

describe("APA", () => {
  it("formats the default paper", () => {
    expect(plainText(apaCitation(iran))).toBe(
      "Souleimanov, E., Ehrmann, M., & Aliyev, H. (2014). Focused on Iran? Exploring the Rationale Behind the Strategic Relationship between Azerbaijan and Israel. Journal of Southeast European & Black Sea Studies, 14(4).",
    );
  });

  it("italicises the journal and the volume only", () => {
    expect(apaCitation(iran).filter((s) => s.italic).map((s) => s.text)).toEqual([iran.journal, "14"]);
  });

  it("adds pages with an en dash and the DOI as a URL", () => {
    const text = plainText(apaCitation({ ...iran, pages: "471-488", doi: "10.1080/14683857.2014.967945" }));
    expect(text).toMatch(/, 14\(4\), 471–488\. https:\/\/doi\.org\/10\.1080\/14683857\.2014\.967945$/);
  });

  it("handles one author, no year and no journal", () => {
    const text = plainText(apaCitation({ id: "x", title: "Notes", authors: ["Ada Lovelace"], editorialHeadings: [] }));
    expect(text).toBe("Lovelace, A. (n.d.). Notes.");
  });

  it("moves the title first when there are no authors", () => {
    expect(plainText(apaCitation({ id: "x", title: "Notes", authors: [], year: 2001, editorialHeadings: [] }))).toBe("Notes. (2001).");
  });

  it("lists 19 authors, an ellipsis and the last from 21 on", () => {
    const authors = Array.from({ length: 22 }, (_, i) => `Given Family${i + 1}`);
    const text = plainText(apaCitation({ ...iran, authors }));
    expect(text).toContain("Family19, G., . . . Family22, G. (2014)");
    expect(text).not.toContain("Family20");
  });
});

describe("Chicago", () => {
  it("formats the default paper", () => {
    expect(plainText(chicagoCitation(iran))).toBe(
      "Souleimanov, Emil, Maya Ehrmann, and Huseyn Aliyev. “Focused on Iran? Exploring the Rationale Behind the Strategic Relationship between Azerbaijan and Israel.” Journal of Southeast European & Black Sea Studies 14, no. 4 (December 2014).",
    );
  });

  it("uses et al. after seven of more than ten authors", () => {
    const authors = Array.from({ length: 11 }, (_, i) => `Given Family${i + 1}`);
    expect(plainText(chicagoCitation({ ...iran, authors }))).toContain("Given Family7, et al. “");
  });
});

describe("parseName", () => {
  it("reads natural and inverted names", () => {
    expect(parseName("Maya Ehrmann")).toEqual({ given: "Maya", family: "Ehrmann" });
    expect(parseName("Ehrmann, Maya")).toEqual({ given: "Maya", family: "Ehrmann" });
    expect(parseName("Plato")).toEqual({ given: "", family: "Plato" });
  });

  it("makes hyphenated initials", () => {
    expect(plainText(apaCitation({ ...iran, authors: ["Jean-Paul Sartre"] }))).toMatch(/^Sartre, J\.-P\. \(2014\)/);
  });
});
