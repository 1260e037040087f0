/**
 * From retrieved passages to the reply: score the sentences of the top passages against the
 * question, quote the best one to three verbatim, lead with the short answer, or abstain.
 */
import { splitSentences } from "../ingest/sentences.js";
import { contentWords, sameRoot, terms, words } from "../ingest/terms.js";
import type { Passage, SourceDocument } from "../ingest/types.js";
import type { RetrievedPassage, Retrieval } from "../retrieve/hybrid.js";
import type { Capitalisation } from "./capitalisation.js";
import { citesOf } from "./cites.js";
import { answerKind, headWords, questionFocus, type AnswerKind } from "./question.js";
import { findShortAnswer, type Span } from "./short-answer.js";
import type { TermWeights } from "./term-weights.js";
import type { Answer, Quote, ScoredPassage } from "./types.js";

export interface ScoredSentence extends Span {
  passage: Passage;
  passageRank: number;
  text: string;
  /** IDF-weighted share of the question's terms found in the sentence (0..1). */
  coverage: number;
  /** The same share for the whole passage the sentence comes from. */
  passageCoverage: number;
  similarity: number;
  shortAnswer?: Span;
  score: number;
}

export interface ComposeInput {
  question: string;
  /** Earlier questions of the conversation, which fill in a short follow-up. */
  context: string[];
  retrieval: Retrieval;
  documents: Map<string, SourceDocument>;
  weights: TermWeights;
  /** How the corpus capitalises words, so a sentence's capitalised first word is not taken for a name. */
  capitalisation?: Capitalisation;
  embed: (texts: string[]) => Promise<Float32Array[]>;
}

const SENTENCE_PASSAGES = 5;
const MAX_QUOTES = 3;
/** Other sentences are quoted only when they score nearly as well as the best. */
const EXTRA_QUOTE_RATIO = 0.8;
/*
 * Abstain when neither the best sentence nor one of the top passages holds enough of the
 * question's weight (the lexical side), and the best passage is not close enough in meaning to
 * make up for it (the vector side). A passage that covers the question only across several
 * sentences counts a little less. Calibrated on the dev questions and on a second set of
 * paraphrased and near-topic questions, with room on both sides.
 */
const MIN_CONFIDENCE = 0.77;
const SIMILARITY_WEIGHT = 0.5;
const PASSAGE_DISCOUNT = 0.9;
const ABSTAIN_PASSAGES = 3;

export async function composeAnswer(input: ComposeInput): Promise<Answer> {
  const { question, retrieval } = input;
  const kind = answerKind(question);
  const sentences = await scoreSentences(input, kind);
  const best = sentences[0];
  const passages: ScoredPassage[] = rerank(retrieval, sentences).map((h) => ({ id: h.passage.id, text: h.passage.text, score: round(h.score), citation: h.passage.citation }));
  if (!best || shouldAbstain(sentences, retrieval)) {
    return { question, abstained: true, answer: [], passages, closestSections: closestSections(retrieval) };
  }
  const chosen = [best, ...sentences.slice(1).filter((s) => s.score >= best.score * EXTRA_QUOTE_RATIO && s.coverage > 0)];
  const quotes: Quote[] = [];
  for (const sentence of chosen) {
    // Only the lead quote carries the short answer, so only it is marked.
    const quote = toQuote(sentence, input.documents.get(sentence.passage.paperId)!, sentence === best, /^why\b/i.test(question.trim()));
    if (!quotes.some((q) => overlaps(q, quote)) && quotes.length < MAX_QUOTES) quotes.push(quote);
  }
  const answer: Answer = { question, abstained: false, answer: quotes, passages, closestSections: [] };
  if (best.shortAnswer) answer.shortAnswer = best.text.slice(best.shortAnswer.start, best.shortAnswer.end);
  return answer;
}

/**
 * The passages whose sentences were scored are reordered by their best sentence: sentence-level
 * evidence is sharper than either retriever's view of a whole passage, and it puts the passage
 * of the lead quote first. The rest keep the retrievers' order.
 */
function rerank(retrieval: Retrieval, sentences: ScoredSentence[]): RetrievedPassage[] {
  const bestOf = new Map<string, number>();
  for (const s of sentences) bestOf.set(s.passage.id, Math.max(bestOf.get(s.passage.id) ?? -Infinity, s.score));
  const scored = retrieval.hits.filter((h) => bestOf.has(h.passage.id));
  const rest = retrieval.hits.filter((h) => !bestOf.has(h.passage.id));
  return [...scored.sort((x, y) => bestOf.get(y.passage.id)! - bestOf.get(x.passage.id)!), ...rest];
}

export function shouldAbstain(sentences: ScoredSentence[], retrieval: Retrieval): boolean {
  const best = sentences[0];
  if (!best) return true;
  const passageCoverage = Math.max(...sentences.filter((s) => s.passageRank < ABSTAIN_PASSAGES).map((s) => s.passageCoverage));
  const lexical = Math.max(best.coverage, PASSAGE_DISCOUNT * passageCoverage);
  return lexical + SIMILARITY_WEIGHT * retrieval.bestSimilarity < MIN_CONFIDENCE;
}

/** Sentences of the top `passages` hits, best first. */
export async function scoreSentences(input: ComposeInput, kind: AnswerKind, passages = SENTENCE_PASSAGES): Promise<ScoredSentence[]> {
  const { question, context, retrieval, documents, weights } = input;
  const questionTerms = new Set(terms(questionFocus(question)).map((t) => weights.resolve(t)));
  const contextTerms = new Set(context.flatMap((c) => terms(questionFocus(c))).map((t) => weights.resolve(t)).filter((t) => !questionTerms.has(t)));
  const questionWords = [...contentWords(question), ...context.flatMap(contentWords)];
  const head = headWords(question);
  const seen = new Set<string>();
  const candidates: Omit<ScoredSentence, "similarity" | "score">[] = [];
  retrieval.hits.slice(0, passages).forEach((hit, passageRank) => {
    const doc = documents.get(hit.passage.paperId)!;
    const passageCoverage = coverage(questionTerms, contextTerms, new Set(terms(hit.passage.text)), weights);
    for (const span of splitSentences(doc.text, hit.passage.start, hit.passage.end)) {
      const key = `${hit.passage.paperId}:${span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const text = doc.text.slice(span.start, span.end);
      const own = new Set(terms(text));
      const shortAnswer = findShortAnswer(text, kind, { asked: questionWords, head, ...(input.capitalisation ? { capitalisation: input.capitalisation } : {}) });
      candidates.push({
        ...span,
        passage: hit.passage,
        passageRank,
        text,
        coverage: coverage(questionTerms, contextTerms, own, weights),
        passageCoverage,
        ...(shortAnswer ? { shortAnswer } : {}),
      });
    }
  });
  if (candidates.length === 0) return [];
  const queryVector = retrieval.queryVector;
  const vectors = await input.embed(candidates.map((c) => c.text));
  const phrases = bigrams(words(question));
  return candidates
    .map((c, i) => {
      const similarity = dot(queryVector, vectors[i]!);
      const phraseHits = phrases.filter((p) => normalizedIncludes(c.text, p)).length;
      const score =
        c.coverage +
        0.3 * similarity +
        (c.shortAnswer ? 0.3 : kind === "other" ? 0 : -0.1) +
        0.08 * Math.min(phraseHits, 3) +
        0.1 / (1 + c.passageRank);
      return { ...c, similarity, score };
    })
    .sort((a, b) => b.score - a.score);
}

/**
 * IDF-weighted share of the question's terms in a text; a follow-up's context terms count half,
 * and a related form ("Azerbaijanis" for "Azerbaijan", which stemming keeps apart) counts most.
 */
function coverage(question: Set<string>, context: Set<string>, text: Set<string>, weights: TermWeights): number {
  let total = 0;
  let found = 0;
  for (const [set, factor] of [[question, 1], [context, 0.5]] as const) {
    for (const t of set) {
      const w = weights.idf(t) * factor;
      total += w;
      if (text.has(t)) found += w;
      else if ([...text].some((u) => sameRoot(t, u, 5, 2))) found += RELATED_FORM * w;
    }
  }
  return total === 0 ? 0 : found / total;
}

const RELATED_FORM = 0.8;

function bigrams(ws: string[]): string[] {
  return ws.slice(1).map((w, i) => `${ws[i]} ${w}`);
}

function normalizedIncludes(text: string, phrase: string): boolean {
  return words(text).join(" ").includes(phrase);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** A sentence that opens with a pronoun or demonstrative ("This", "Such", "It"…) leans on the one before: quote both, as one contiguous span. */
const LEANS_BACK = /^(?:This|That|These|Those|It|They|Such|He|She|Its|Their)\b/;

export function toQuote(s: ScoredSentence, doc: SourceDocument, lead: boolean, explains = false): Quote {
  const neighbours = paragraphSentences(doc, s.start);
  const i = neighbours.findIndex((x) => x.start === s.start);
  const previous = i > 0 ? neighbours[i - 1] : undefined;
  const next = i >= 0 ? neighbours[i + 1] : undefined;
  const start = previous && LEANS_BACK.test(s.text) ? previous.start : s.start;
  // A "why" question is often answered by the sentence after, when it leans back on this one ("This assumption is based on…").
  const end = explains && next && LEANS_BACK.test(doc.text.slice(next.start, next.end)) ? next.end : s.end;
  const shift = s.start - start;
  const quote = doc.text.slice(start, end);
  return {
    quote,
    citation: s.passage.citation,
    passageId: s.passage.id,
    start,
    end,
    ...(lead && s.shortAnswer ? { highlight: { start: s.shortAnswer.start + shift, end: s.shortAnswer.end + shift } } : {}),
    cites: citesOf(doc, start, end),
  };
}

/** Two quotes of the same paper that share any text. */
export function overlaps(a: Quote, b: Quote): boolean {
  return a.citation.paperId === b.citation.paperId && a.start < b.end && b.start < a.end;
}

/** The sentences of the paragraph that holds `offset`, so a quote can take in its neighbours. */
function paragraphSentences(doc: SourceDocument, offset: number): Span[] {
  const paragraph = doc.sections.flatMap((x) => x.paragraphs).find((p) => p.start <= offset && offset < p.end);
  return paragraph ? splitSentences(doc.text, paragraph.start, paragraph.end) : [];
}

function closestSections(retrieval: Retrieval) {
  const seen = new Set<string>();
  return retrieval.hits
    .map((h) => h.passage.citation)
    .filter((c) => {
      const key = `${c.paperId}:${c.section}`;
      return !seen.has(key) && seen.add(key);
    })
    .slice(0, 3);
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
