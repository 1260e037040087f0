/** What the engine hands to adapters: answers built only from verbatim source text. */
import type { Citation } from "../ingest/types.js";

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
}

/** A source the quoted sentence cites: as the paper names it ("Priem et al., 2010", "note 3"), and its reference-list entry or footnote. */
export interface Cite {
  text: string;
  reference?: string;
}

export interface Answer {
  question: string;
  abstained: boolean;
  /** The date, number, name or place the question asks for, taken from the first quote. */
  shortAnswer?: string;
  answer: Quote[];
  passages: ScoredPassage[];
  /** When abstaining: the sections that came closest, so the user knows where to look. */
  closestSections: Citation[];
}
