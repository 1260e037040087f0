/**
 * The one surface the adapters (terminal, Discord) talk to: the Engine, the shapes it returns,
 * and the pure helpers that present them. Nothing here knows about Discord; the adapters reach
 * past this file only in the measuring tools (`npm run bench` and `eval`), which time and
 * switch off parts of the engine.
 */
export type { DebateOptions, EvidenceCard, EvidencePack, Side } from "./answer/debate.js";
export { QUALIFIES_TITLE, type Answer, type Cite, type Quote, type ScoredPassage } from "./answer/types.js";
export type { Citation, PaperMeta } from "./ingest/types.js";
export { lengthProblem, QuestionError } from "./answer/question.js";
export { citationLabel } from "./answer/citation-label.js";
export { listCites, referenceLines } from "./answer/cites.js";
export { apaCitation, bibtexEntry, chicagoCitation, type FormattedCitation } from "./answer/cite-format.js";
export { evidencePackJson, evidencePackMarkdown } from "./answer/evidence-pack.js";
export { openEngine, type EngineOptions, type FootnoteEngine } from "./engine.js";
export { EmbedderLoadError } from "./embed/embedder.js";
export { CorpusError } from "./ingest/read-corpus.js";
export { IndexRefused, IndexWriteError } from "./indexes/safety.js";
export { verifyIndex } from "./indexes/store.js";
import type { DebateOptions, EvidencePack } from "./answer/debate.js";
import type { Answer, Quote, ScoredPassage } from "./answer/types.js";
import type { PaperMeta } from "./ingest/types.js";

export interface AskOptions {
  /** Earlier questions in the same conversation (oldest first), used to resolve follow-ups like "what about gas?". */
  context?: string[];
  /** Limit the answer to one paper (its id). */
  paperId?: string;
}

export interface SearchOptions {
  limit?: number;
  paperId?: string;
}

export interface SectionInfo {
  paperId: string;
  paper: string;
  title: string;
  paragraphs: number;
}

export interface ReindexResult {
  passages: number;
  papers: number;
  /** Passages embedded afresh; the others kept their vectors because their text did not change. */
  embedded: number;
  ms: number;
  warnings: string[];
}

export interface Engine {
  papers(): PaperMeta[];
  /** Throws QuestionError (with a user-facing message) for an empty or over-long question. */
  ask(question: string, options?: AskOptions): Promise<Answer>;
  search(query: string, options?: SearchOptions): Promise<ScoredPassage[]>;
  /** Verbatim evidence for and against a motion. Throws QuestionError for an empty or over-long motion. */
  debate(motion: string, options?: DebateOptions): Promise<EvidencePack>;
  /** A passage by id, for "show full passage" buttons. */
  passage(id: string): ScoredPassage | undefined;
  sections(paperId?: string): SectionInfo[];
  /** A whole section, or one paragraph of it, verbatim. Undefined when no such section/paragraph. */
  quote(section: string, paragraph?: number, paperId?: string): Quote[] | undefined;
  /** Rebuild the index from the corpus while answering from the old one; swap when done. */
  reindex(): Promise<ReindexResult>;
}
