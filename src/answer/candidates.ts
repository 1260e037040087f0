/**
 * Candidate sentences for a question, each with its features and the fitted probability that it
 * answers: the sentences of the top retrieved passages and, for a question about a paper as a
 * whole, the sentences of its abstract, opening and closing sections.
 */
import type { Span } from "../ingest/sentences.js";
import { terms, words } from "../ingest/terms.js";
import type { Passage, SourceDocument } from "../ingest/types.js";
import type { WordNet } from "../lexicon/wordnet.js";
import type { Retrieval } from "../retrieve/hybrid.js";
import type { Capitalisation } from "./capitalisation.js";
import { featureVector, SELF_REFERENCE, speaksToFacet, type QuestionContext, type Role } from "./features.js";
import type { Facet, QuestionAnalysis } from "./intent.js";
import { answerKind, headWords, type AnswerKind } from "./question.js";
import { askedPhrase, questionTerms, type QuestionTerm } from "./question-terms.js";
import { probability, type AnswerModel } from "./scorer.js";
import type { PassageReadings, SentenceReading } from "./passage-readings.js";
import { dot, sentenceKey, type SentenceVectors } from "./sentence-vectors.js";
import { findShortAnswer } from "./short-answer.js";
import type { TermWeights } from "./term-weights.js";

/** What answering reads besides the question: the corpus, its statistics, the lexicon and the model. */
export interface AnswerResources {
  documents: Map<string, SourceDocument>;
  /** The passages of one paper, in order: the structure a paper-level question is answered from. */
  passagesOf: (paperId: string) => Passage[];
  weights: TermWeights;
  wordnet: WordNet;
  capitalisation?: Capitalisation;
  model: AnswerModel;
  /** The embedding model, remembered per sentence of the loaded index. */
  sentenceVectors: SentenceVectors;
  /** Passages split into sentences and terms, remembered likewise. */
  readings: PassageReadings;
}

export interface ScoredSentence extends Span {
  passage: Passage;
  passageRank: number;
  text: string;
  shortAnswer?: Span;
  /** Read from the paper's structure for a paper-level question, not retrieved. */
  fromStructure: boolean;
  features: number[];
  /** The fitted probability that this sentence answers the question. */
  score: number;
}

export interface Candidates {
  context: QuestionContext;
  kind: AnswerKind;
  /** Best first. */
  sentences: ScoredSentence[];
}

const RETRIEVED_PASSAGES = 5;
/** Content words a sentence needs to be quoted as an answer. */
const MIN_SENTENCE_WORDS = 3;
/** Paragraphs read from the opening and the closing of a paper for a paper-level question. */
const STRUCTURE_PARAGRAPHS = 4;

export async function rankCandidates(
  r: AnswerResources,
  question: string,
  context: string[],
  analysis: QuestionAnalysis,
  retrieval: Retrieval,
  passages = RETRIEVED_PASSAGES,
): Promise<Candidates> {
  // A why or how question asks for a reason or a mechanism, whatever question word it adds ("how does it work? like who pays who").
  const kind = analysis.intent === "paper-level" || analysis.intent === "why" ? "other" : answerKind(question, (w, ancestors, senses) => r.wordnet.isA(w, ancestors, senses));
  const q: QuestionContext = {
    analysis,
    typed: kind !== "other",
    terms: questionTerms(question, context, r),
    phrases: bigrams(words(question)),
    bestSimilarity: retrieval.bestSimilarity,
  };
  const asked = [...new Set(words(question)), ...context.flatMap((c) => words(c))];
  const head = headWords(question);
  const turnsOn = askedPhrase(question);
  const raw: (Omit<ScoredSentence, "features" | "score"> & { reading: SentenceReading; passageTerms: Set<string> })[] = [];
  /** Each sentence read so far, by paper and offset; undefined for one too short to quote. */
  const seen = new Map<string, (typeof raw)[number] | undefined>();
  const add = (passage: Passage, passageRank: number, fromStructure = false) => {
    const doc = r.documents.get(passage.paperId);
    if (!doc) return;
    const reading = r.readings.of(passage, doc);
    for (const sentence of reading.sentences) {
      const key = `${passage.paperId}:${sentence.start}`;
      if (seen.has(key)) {
        // A sentence of the paper's structure that was also retrieved is still one of its structure.
        const earlier = seen.get(key);
        if (earlier && fromStructure) earlier.fromStructure = true;
        continue;
      }
      // "(Grigoryan)", "Table 2.": too few words to state anything on their own, so never an answer.
      if (sentence.words.length < MIN_SENTENCE_WORDS) {
        seen.set(key, undefined);
        continue;
      }
      const { start, end, text } = sentence;
      const shortAnswer = findShortAnswer(text, kind, { asked, head, turnsOn, ...(r.capitalisation ? { capitalisation: r.capitalisation } : {}) });
      const candidate = { start, end, passage, passageRank, text, fromStructure, reading: sentence, passageTerms: reading.terms, ...(shortAnswer ? { shortAnswer } : {}) };
      seen.set(key, candidate);
      raw.push(candidate);
    }
  };
  retrieval.hits.slice(0, passages).forEach((hit, rank) => add(hit.passage, rank));
  const paperId = retrieval.hits[0]?.passage.paperId ?? [...r.documents.keys()][0];
  const paper = paperId === undefined ? undefined : r.documents.get(paperId);
  if (analysis.intent === "paper-level" && paper) for (const p of structuralPassages(r, paper.meta.id, analysis)) add(p, passages, true);
  // Asked about the paper as a whole, a sentence of its body answers only when it speaks of the
  // paper itself: "Azerbaijani sources point to…" shares a word with "what sources do they use?".
  // What it found is not in its opening, and a side the paper gives a section of its own is read there.
  if (analysis.intent === "paper-level" && raw.some((c) => c.fromStructure)) {
    const closes = closingFacet(analysis);
    const ownSection = !!paper && facetSections(paper, analysis.facet).length > 0;
    const answers = (c: (typeof raw)[number]) =>
      (c.fromStructure || (!ownSection && SELF_REFERENCE.test(c.text))) && !(closes && roleOf(r.documents.get(c.passage.paperId)!, c.passage) === "opening");
    for (let i = raw.length - 1; i >= 0; i--) if (!answers(raw[i]!)) raw.splice(i, 1);
    if (!analysis.yesNo && !analysis.sectionWords?.length) raw.splice(0, raw.length, ...statedInSoManyWords(raw, analysis.facet));
  }
  if (raw.length === 0) return { context: q, kind, sentences: [] };
  const vectors = await r.sentenceVectors.of(raw.map((c) => ({ key: sentenceKey(c.passage.paperId, c.start, c.end), text: c.text })));
  const align = await wordAlignment(r.sentenceVectors, q.terms, raw.map((c) => c.reading));
  const sentences = raw.map(({ reading, passageTerms, ...c }, i) => {
    const features = featureVector(q, {
      text: c.text,
      sentenceTerms: reading.terms,
      passageTerms,
      antecedentTerms: reading.antecedentTerms,
      alignment: align(i),
      similarity: dot(retrieval.queryVector, vectors[i]!),
      passageRank: c.passageRank,
      hasTypedAnswer: !!c.shortAnswer,
      role: roleOf(r.documents.get(c.passage.paperId)!, c.passage),
      selfStatementsBefore: analysis.intent === "paper-level" ? selfStatementsBefore(r, c.passage.paperId, c.start) : undefined,
    });
    return { ...c, features, score: probability(r.model, features) };
  });
  return { context: q, kind, sentences: sentences.sort((a, b) => b.score - a.score) };
}

/**
 * How close each sentence comes to each of the question's terms in the model's word vectors:
 * the best cosine between the term's word and any content word of the sentence, 1 for the term
 * itself. A paraphrase ("sell abroad" for "export") is near; a word of another relation is not.
 */
async function wordAlignment(vectors: SentenceVectors, qterms: QuestionTerm[], sentences: SentenceReading[]): Promise<(i: number) => number[]> {
  const all = [...new Set([...qterms.map((t) => t.word), ...sentences.flatMap((s) => s.words)])];
  const found = await vectors.words(all);
  const vectorOf = new Map(all.map((w, i) => [w, found[i]!]));
  return (i) => {
    const theirs = sentences[i]!.words.map((w) => vectorOf.get(w)!);
    return qterms.map((t) => {
      if (sentences[i]!.terms.has(t.term)) return 1;
      const v = vectorOf.get(t.word)!;
      let best = 0;
      for (const u of theirs) best = Math.max(best, dot(v, u));
      return best;
    });
  };
}

/** The starts of the sentences where each paper speaks of itself ("this article seeks to…"), in its order. */
const selfStatements = new WeakMap<SourceDocument, number[]>();

/** How many sentences of the paper speak of it before the one at `start` does; undefined when that one does not. */
function selfStatementsBefore(r: AnswerResources, paperId: string, start: number): number | undefined {
  const doc = r.documents.get(paperId);
  if (!doc) return undefined;
  let starts = selfStatements.get(doc);
  if (!starts) {
    const found = new Set<number>();
    for (const p of r.passagesOf(paperId)) for (const s of r.readings.of(p, doc).sentences) if (SELF_REFERENCE.test(s.text)) found.add(s.start);
    starts = [...found].sort((a, b) => a - b);
    selfStatements.set(doc, starts);
  }
  const i = starts.indexOf(start);
  return i < 0 ? undefined : i;
}

/**
 * Where the authors say in so many words what the paper argues, finds or sets out to do ("this study
 * has argued that…"), those sentences answer: "what do they claim?" shares no word with them, and
 * the paper's other sentences may share one by chance. Failing those, where the paper speaks of
 * itself ("we propose…"); failing that, all.
 */
function statedInSoManyWords<T extends { text: string }>(sentences: T[], facet: Facet | undefined): T[] {
  const own = sentences.filter((c) => SELF_REFERENCE.test(c.text));
  const onFacet = own.filter((c) => speaksToFacet(facet, c.text));
  return onFacet.length ? onFacet : own.length ? own : sentences;
}

/** What a paper found, where it falls short and what comes next: stated where it closes. */
function closingFacet(analysis: QuestionAnalysis): boolean {
  return analysis.facet === "findings" || analysis.facet === "limitations" || analysis.facet === "future";
}

/** The paragraphs a paper states its aims and findings in: the abstract, the opening, the closing, or the section asked about. */
function structuralPassages(r: AnswerResources, paperId: string, analysis: QuestionAnalysis): Passage[] {
  const doc = r.documents.get(paperId);
  const all = r.passagesOf(paperId);
  if (!doc || all.length === 0) return [];
  const asked = sectionAsked(doc, analysis);
  if (asked) return all.filter((p) => p.citation.section === asked);
  const bySection = (title: string) => all.filter((p) => p.citation.section === title);
  const titles = doc.sections.map((s) => s.title);
  const abstract = titles.filter((t) => /^abstract$/i.test(t.trim())).flatMap(bySection);
  const own = facetSections(doc, analysis.facet);
  // A section of its own ("5 Limitations") sets that side out more fully than the abstract does.
  if (own.length) return own.flatMap(bySection);
  const body = argumentSections(doc);
  // By paragraph, not passage: a long paragraph is split into several passages, and its last ones state the method.
  const firstParagraphs = (title: string) => bySection(title).filter((p) => p.citation.paragraph <= STRUCTURE_PARAGRAPHS);
  const opening = body.length ? firstParagraphs(body[0]!) : [];
  const closing = body.length > 1 ? firstParagraphs(body.at(-1)!) : [];
  return closingFacet(analysis) && closing.length ? [...abstract, ...closing] : [...abstract, ...opening, ...closing];
}

/** Headings of the sections that set out one side of a paper ("3 Method", "Limitations", "Future work"). */
const FACET_HEADINGS: Partial<Record<Facet, RegExp>> = {
  method: /\b(?:methods?|methodology|materials|research design|experimental (?:setup|design)|experiments|data(?: and| &)? (?:sources|collection))\b/i,
  limitations: /\b(?:limitations?|threats to validity|caveats|shortcomings)\b/i,
  future: /\b(?:future (?:work|research|directions)|outlook)\b/i,
  aims: /\b(?:research questions?|aims?|objectives?)\b/i,
};

/** The sections of the paper headed by the side a question asks about, if the paper gives it sections of its own. */
export function facetSections(doc: SourceDocument, facet: Facet | undefined): string[] {
  const heading = facet && FACET_HEADINGS[facet];
  return heading ? argumentSections(doc).filter((t) => heading.test(t)) : [];
}

/**
 * The section a summary question names, by the words of its heading ("the energy security
 * section"). Without the word "section" ("summarise the conclusion") only a heading said in
 * full counts, as the words may name a topic instead.
 */
export function sectionAsked(doc: SourceDocument, analysis: QuestionAnalysis): string | undefined {
  if (!analysis.sectionWords?.length) return undefined;
  const wanted = new Set(terms(analysis.sectionWords.join(" ")));
  const scored = doc.sections.map((s) => ({ title: s.title, hits: terms(s.title).filter((t) => wanted.has(t)).length / Math.max(1, terms(s.title).length) }));
  const best = scored.sort((a, b) => b.hits - a.hits)[0];
  const enough = (hits: number) => (analysis.facet === "summary" ? hits > 0 : hits === 1);
  return best && enough(best.hits) ? best.title : undefined;
}

export function roleOf(doc: SourceDocument, passage: Passage): Role {
  const section = passage.citation.section;
  if (/^abstract$/i.test(section.trim())) return "abstract";
  const body = argumentSections(doc);
  if (body[0] === section) return "opening";
  if (body.length > 1 && body.at(-1) === section) return "closing";
  return "body";
}

/** Headings of what follows a paper's argument: its appendices, references, notes, acknowledgements. */
const BACK_MATTER = /^(?:appendi(?:x|ces)|references|bibliography|works cited|literature cited|(?:end)?notes|acknowledge?ments?|supplementary|about the authors?)\b/i;

/** The titles of the sections that carry a paper's argument, in order: not its abstract, not its back matter. */
function argumentSections(doc: SourceDocument): string[] {
  return doc.sections.map((s) => s.title).filter((t) => !/^abstract$/i.test(t.trim()) && !BACK_MATTER.test(t.trim()));
}

function bigrams(ws: string[]): string[] {
  return ws.slice(1).map((w, i) => `${ws[i]} ${w}`);
}
