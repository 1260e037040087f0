/**
 * Replies in footnote's own words, for what no quote answers: help for a greeting or "what can
 * you do?", and a paper's own metadata (authors, journal, year, title) for questions about it.
 */
import type { PaperMeta } from "../ingest/types.js";
import type { Facet, MetadataFacet } from "./intent.js";
import type { Answer } from "./types.js";

export function helpAnswer(question: string, papers: PaperMeta[]): Answer {
  const titles = papers.slice(0, 5).map((p) => `“${p.title}”`);
  const more = papers.length > 5 ? ` and ${papers.length - 5} more` : "";
  const library = papers.length ? `I have ${papers.length === 1 ? "one paper" : `${papers.length} papers`}: ${titles.join(", ")}${more}.` : "I have no papers yet.";
  const reply = [
    "Hi! I answer questions about academic papers with exact quotes and citations, and I say so when the papers don't cover something.",
    library,
    "Ask about a fact (“when did …?”), a reason (“why …?”), or the paper as a whole (“what is this paper about?”, “what does it argue?”, “who wrote it?”).",
  ].join("\n");
  return { question, intent: "help", confidence: 1, abstained: false, reply, answer: [], passages: [], closestSections: [] };
}

/**
 * The paper's metadata for the facet asked about. When the paper does not record it, saying so:
 * a quote from its text would answer another question ("who wrote it?" with its first sentence).
 */
export function metadataAnswer(question: string, facet: MetadataFacet, paper: PaperMeta): Answer {
  const fact = factOf(facet, paper);
  return {
    question,
    intent: "paper-level",
    confidence: 1,
    abstained: false,
    ...(fact.short ? { shortAnswer: fact.short } : {}),
    reply: fact.short ? `${fact.sentence} (from the paper's own details).` : `${fact.sentence}.`,
    answer: [],
    passages: [],
    closestSections: [],
  };
}

const UNSTATED: Partial<Record<Facet, string>> = {
  method: "describes its method or sources",
  limitations: "sets out its limitations",
  future: "says what should come next",
};

/**
 * "What are its limitations?" where no sentence of the paper's abstract, opening or closing, nor
 * any where it speaks of itself, says so: saying what was not found (not that the paper lacks it),
 * and where to read on, rather than quoting its closing sentences as if they were what was asked.
 */
export function unstatedFacetAnswer(question: string, facet: Facet, paper: PaperMeta): Answer {
  const reply = `I found no sentence where “${paper.title}” ${UNSTATED[facet] ?? "says this"} in so many words. Ask what it is about or what it concludes to read it in its own words.`;
  return { question, intent: "paper-level", confidence: 1, abstained: false, reply, answer: [], passages: [], closestSections: [] };
}

function factOf(facet: MetadataFacet, p: PaperMeta): { short?: string; sentence: string } {
  const title = `“${p.title}”`;
  if (facet === "title") return { short: p.title, sentence: `The paper is ${title}` };
  if (facet === "authors") {
    if (p.authors.length === 0) return { sentence: `The paper's own details do not name the authors of ${title}` };
    const names = p.authors.length === 1 ? p.authors[0]! : `${p.authors.slice(0, -1).join(", ")} and ${p.authors.at(-1)}`;
    return { short: names, sentence: `${title} was written by ${names}` };
  }
  if (facet === "year") return p.year ? { short: String(p.year), sentence: `${title} was published in ${p.month ? `${p.month} ` : ""}${p.year}` } : { sentence: `The paper's own details do not say when ${title} was published` };
  if (!p.journal) return { sentence: `The paper's own details do not say where ${title} was published` };
  const where = [p.journal, p.volume && `volume ${p.volume}`, p.issue && `issue ${p.issue}`].filter(Boolean).join(", ");
  return { short: where, sentence: `${title} was published in ${where}${p.year ? ` (${p.year})` : ""}` };
}
