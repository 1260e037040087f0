/** What the engine hands to adapters: answers built only from verbatim source text. */
import type { Citation } from "../ingest/types.js";
import type { Intent } from "./intent.js";

export type { Intent };

export interface ScoredPassage {
  id: string;
  text: string;
  score: number;
  citation: Citation;
}

export interface Quote {
  /** Verbatim: exactly the source document's text between `start` and `end`. */
  quote: string;
  citation: Citation;
  passageId: string;
  start: number;
  end: number;
  /** Where the short answer sits inside `quote` (offsets into `quote`), for marking it. */
  highlight?: { start: number; end: number };
  /** The paper's own in-text references carried by this sentence, each with the paper's full entry for it where it has one. */
  cites: Cite[];
  /**
   * For a yes/no question about a claim: this quote qualifies or limits what the lead quote says
   * ("however…", "but…", "not…"). footnote gives no verdict of its own; it shows both.
   */
  qualifies?: boolean;
}

/** How a reply titles a quote that qualifies the lead one (`Quote.qualifies`), in every adapter. */
export const QUALIFIES_TITLE = "The paper also qualifies this";

/** A source the quoted sentence cites: as the paper names it ("Priem et al., 2010", "note 3"), and its reference-list entry or footnote. */
export interface Cite {
  text: string;
  reference?: string;
}

export interface Answer {
  question: string;
  /** What the question was read as asking: help, a paper as a whole, a reason, a yes/no check, a fact. */
  intent: Intent;
  /** The fitted probability that the lead quote answers the question (1 for a help reply or the paper's own metadata). */
  confidence: number;
  abstained: boolean;
  /**
   * A reply in footnote's own words rather than a quote: the help text for a greeting or "what can
   * you do?", or a fact from the paper's metadata ("… was written by …"). Adapters show it as is.
   */
  reply?: string;
  /** The date, number, name or place the question asks for, taken from the first quote. */
  shortAnswer?: string;
  answer: Quote[];
  passages: ScoredPassage[];
  /** When abstaining: the sections that came closest, so the user knows where to look. */
  closestSections: Citation[];
}
