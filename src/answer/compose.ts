/**
 * From retrieved passages to the reply: score the sentences of the top passages against the
 * question, quote the best one to three verbatim, lead with the short answer, or abstain.
 */
import { splitSentences } from "../ingest/sentences.js";
import { contentWords, terms, words } from "../ingest/terms.js";
import type { Passage, SourceDocument } from "../ingest/types.js";
import type { Retrieval } from "../retrieve/hybrid.js";
import { findCites } from "./cites.js";
import { answerKind, type AnswerKind } from "./question.js";
import { findShortAnswer, type Span } from "./short-answer.js";
import type { TermWeights } from "./term-weights.js";
import type { Answer, Quote, ScoredPassage } from "./types.js";

export interface ScoredSentence extends Span {
  passage: Passage;
  passageRank: number;
  text: string;
  /** IDF-weighted share of the question's terms found in the sentence (0..1). */
  coverage: number;
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
  embed: (texts: string[]) => Promise<Float32Array[]>;
}

const SENTENCE_PASSAGES = 5;
const MAX_QUOTES = 3;
/** Other sentences are quoted only when they score nearly as well as the best. */
const EXTRA_QUOTE_RATIO = 0.8;
/*
 * Abstain when the best sentence holds too little of the question's weight and the best
 * passage is not close in meaning either. Calibrated on the dev set's in- and off-topic
 * questions, with room on both sides.
 */
const MIN_COVERAGE = 0.34;
const MIN_SIMILARITY_ALONE = 0.9;

export async function composeAnswer(input: ComposeInput): Promise<Answer> {
  const { question, retrieval } = input;
  const kind = answerKind(question);
  const sentences = await scoreSentences(input, kind);
  const best = sentences[0];
  const passages: ScoredPassage[] = retrieval.hits.map((h) => ({ id: h.passage.id, text: h.passage.text, score: round(h.score), citation: h.passage.citation }));
  if (!best || shouldAbstain(best, retrieval)) {
    return { question, abstained: true, answer: [], passages, closestSections: closestSections(retrieval) };
  }
  const chosen = [best, ...sentences.slice(1).filter((s) => s.score >= best.score * EXTRA_QUOTE_RATIO && s.coverage > 0)].slice(0, MAX_QUOTES);
  const quotes = chosen.map(toQuote);
  const lead = chosen[0]!;
  const answer: Answer = { question, abstained: false, answer: quotes, passages, closestSections: [] };
  if (lead.shortAnswer) answer.shortAnswer = lead.text.slice(lead.shortAnswer.start, lead.shortAnswer.end);
  return answer;
}

export function shouldAbstain(best: ScoredSentence, retrieval: Retrieval): boolean {
  return best.coverage < MIN_COVERAGE && retrieval.bestSimilarity < MIN_SIMILARITY_ALONE;
}

async function scoreSentences(input: ComposeInput, kind: AnswerKind): Promise<ScoredSentence[]> {
  const { question, context, retrieval, documents, weights } = input;
  const questionTerms = new Set(terms(question));
  const contextTerms = new Set(context.flatMap((c) => terms(c)).filter((t) => !questionTerms.has(t)));
  const questionWords = [...contentWords(question), ...context.flatMap(contentWords)];
  const seen = new Set<string>();
  const candidates: Omit<ScoredSentence, "similarity" | "score">[] = [];
  retrieval.hits.slice(0, SENTENCE_PASSAGES).forEach((hit, passageRank) => {
    const doc = documents.get(hit.passage.paperId)!;
    for (const span of splitSentences(doc.text, hit.passage.start, hit.passage.end)) {
      const key = `${hit.passage.paperId}:${span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const text = doc.text.slice(span.start, span.end);
      const own = new Set(terms(text));
      const shortAnswer = findShortAnswer(text, kind, questionWords);
      candidates.push({
        ...span,
        passage: hit.passage,
        passageRank,
        text,
        coverage: coverage(questionTerms, contextTerms, own, weights),
        ...(shortAnswer ? { shortAnswer } : {}),
      });
    }
  });
  if (candidates.length === 0) return [];
  const [queryVector] = [retrieval.queryVector];
  const vectors = await input.embed(candidates.map((c) => c.text));
  const phrases = bigrams(words(question));
  return candidates
    .map((c, i) => {
      const similarity = dot(queryVector, vectors[i]!);
      const phraseHits = phrases.filter((p) => normalizedIncludes(c.text, p)).length;
      const score =
        c.coverage +
        0.3 * similarity +
        (c.shortAnswer ? 0.15 : kind === "other" ? 0 : -0.1) +
        0.08 * Math.min(phraseHits, 3) +
        0.1 / (1 + c.passageRank);
      return { ...c, similarity, score };
    })
    .sort((a, b) => b.score - a.score);
}

/** IDF-weighted share of the question's terms in the sentence; a follow-up's context terms count half. */
function coverage(question: Set<string>, context: Set<string>, sentence: Set<string>, weights: TermWeights): number {
  let total = 0;
  let found = 0;
  for (const [set, factor] of [[question, 1], [context, 0.5]] as const) {
    for (const t of set) {
      const w = weights.idf(t) * factor;
      total += w;
      if (sentence.has(t)) found += w;
    }
  }
  return total === 0 ? 0 : found / total;
}

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

function toQuote(s: ScoredSentence): Quote {
  return {
    quote: s.text,
    citation: s.passage.citation,
    passageId: s.passage.id,
    start: s.start,
    end: s.end,
    ...(s.shortAnswer ? { highlight: s.shortAnswer } : {}),
    cites: findCites(s.text),
  };
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
