/**
 * What the scorer may look at for one (question, candidate sentence) pair: pure functions of the
 * question's terms and intent, the sentence, its passage and where it sits in the paper. Each is
 * scaled to about 0..1. The fitted weights (answer-model.json) say how much each one counts.
 */
import { words } from "../ingest/terms.js";
import type { QuestionAnalysis } from "./intent.js";
import { MATCH, type QuestionTerm } from "./question-terms.js";

export interface QuestionContext {
  analysis: QuestionAnalysis;
  /** The question expects a typed answer (a date, an amount, a name, a place). */
  typed: boolean;
  terms: QuestionTerm[];
  /** Adjacent word pairs of the question, for phrase matches. */
  phrases: string[];
  /** The closest passage's vector similarity to the question. */
  bestSimilarity: number;
}

/** Where a candidate sits in its paper. */
export type Role = "abstract" | "opening" | "closing" | "body";

export interface CandidateView {
  text: string;
  /** Index terms of the sentence, of its passage, and of the sentences around it. */
  sentenceTerms: Set<string>;
  passageTerms: Set<string>;
  /** The terms of the sentence it leans on, if any: a name said there is what "this project" or "it" stands for. */
  antecedentTerms?: Set<string> | undefined;
  /** For each of the question's terms, how close the sentence comes to it in the model's word vectors (1: the term itself). */
  alignment: number[];
  similarity: number;
  passageRank: number;
  /** A short answer of the asked-for type was found in the sentence. */
  hasTypedAnswer: boolean;
  role: Role;
  /**
   * For a paper-level question: how many sentences of its paper speak of the paper itself (SELF_REFERENCE)
   * before this one does; undefined for one that does not.
   */
  selfStatementsBefore?: number | undefined;
}

export const FEATURES = [
  "coverage",
  "soft_coverage",
  "vector_coverage",
  "passage_soft_coverage",
  "key_missing",
  "key_missing_passage",
  "key_unknown",
  "asked_missing",
  "asked_missing_passage",
  "asked_vector_gap",
  "worst_term_gap",
  "common_unknown",
  "similarity",
  "best_similarity",
  "rank",
  "typed_answer",
  "typed_missing",
  "phrases",
  "why_reason",
  "paper_self_reference",
  "paper_statement_order",
  "paper_role",
  "paper_facet_cue",
  "length",
] as const;

export type FeatureName = (typeof FEATURES)[number];

/** Discourse markers of a reason or mechanism ("since" of time, "since 2005", is none). */
const REASON = /\b(?:because|due to|owing to|as a result|result(?:s|ed)? (?:of|from|in)|since(?!\s+(?:\d|then\b|(?:the )?(?:early|mid|late)\b|(?:January|February|March|April|May|June|July|August|September|October|November|December)\b))|therefore|thus|hence|so that|in order to|reasons?|led to|leads? to|driven by|motivat\w*|caus\w*|explain\w*|stems? from|given that|aim(?:s|ed)? (?:to|at)|seek(?:s)? to|for fear|fear(?:s|ed)? (?:of|that)|allow(?:s|ed)? (?:it|them|the)|enabl\w*|mean(?:s|t) that|as it|as they|which is why)\b/i;
/** Whether a sentence says why or how, by its discourse markers. */
export function givesReason(sentence: string): boolean {
  return REASON.test(sentence);
}

/** The authors speaking of their own work. */
export const SELF_REFERENCE = /\b(?:(?:this|the present|our|the current|the following) (?:paper|article|study|chapter|essay|analysis|research|work|contribution|text)|we (?:argue|show|find|propose|examine|explore|seek|suggest|conclude|focus|discuss|analy[sz]e|present|describe|investigate|ask)|(?:the|this) authors?)\b/i;
const FACET_CUES: Partial<Record<NonNullable<QuestionAnalysis["facet"]>, RegExp>> = {
  about: /\b(?:explor\w*|examin\w*|analy[sz]\w*|focus\w*|discuss\w*|investigat\w*|address\w*|seeks?|aims?|describ\w*|overview|introduc\w*)\b/i,
  // "Maintain" and "posit" only as reporting verbs: "maintaining a majority" and "position" argue nothing.
  argument: /\b(?:argu\w*|claim\w*|contend\w*|suggest\w*|maintain(?:s|ed)? that|posit(?:s|ed)?|assert\w*|conclu\w*|hypothes\w*|thesis)\b/i,
  aims: /\b(?:questions?|aims?|seeks?|explor\w*|investigat\w*|examin\w*|ask\w*|address\w*|purpose|objective\w*|goals?)\b/i,
  method: /\b(?:sources?|methods?|methodolog\w*|data|literature|interviews?|draws?|drawing|combin\w*|approach\w*|rel(?:y|ies|ied)|based on|surveys?|case stud\w*|accounts|borrows?)\b/i,
  findings: /\b(?:find\w*|found|show\w*|conclu\w*|suggest\w*|reveal\w*|demonstrat\w*|results?|argued|has argued|indicat\w*)\b/i,
  contribution: /\b(?:contribut\w*|novel|new|first|gap|unlike|previous|earlier|existing)\b/i,
  limitations: /\b(?:limit\w*|caveat\w*|cannot|beyond the scope|further research|weakness\w*)\b/i,
  future: /\b(?:future|will|likely|expect\w*|prospect\w*|remain\w*|further)\b/i,
};

/** Whether a sentence speaks to the side of the paper asked about, by the words that mark it. */
export function speaksToFacet(facet: QuestionAnalysis["facet"], sentence: string): boolean {
  return !!facet && !!FACET_CUES[facet]?.test(sentence);
}

export function featureVector(q: QuestionContext, c: CandidateView): number[] {
  const sentence = matchStats(q.terms, c.sentenceTerms, c.antecedentTerms);
  const passage = matchStats(q.terms, c.passageTerms);
  // "Do the authors think it is mainly about Iran?" is looked for where the paper states its argument
  // (candidates.ts), but it is a claim: which of those sentences answers is a matter of its words.
  const paperLevel = q.analysis.intent === "paper-level" && !q.analysis.yesNo;
  const spaced = q.phrases.length ? words(c.text).join(" ") : "";
  const values: Record<FeatureName, number> = {
    coverage: sentence.exact,
    soft_coverage: sentence.soft,
    vector_coverage: weightedMean(q.terms, c.alignment),
    passage_soft_coverage: passage.soft,
    key_missing: sentence.keyMissing,
    key_missing_passage: passage.keyMissing,
    asked_missing: sentence.askedMissing,
    asked_missing_passage: passage.askedMissing,
    asked_vector_gap: askedGap(q.terms, c.alignment),
    worst_term_gap: worstGap(q.terms, c.alignment),
    key_unknown: share(q.terms, (t) => t.key && !t.inCorpus && ![...t.related.keys()].length),
    common_unknown: share(q.terms, (t) => !t.key && !t.inCorpus && ![...t.related.keys()].length),
    similarity: c.similarity,
    best_similarity: q.bestSimilarity,
    rank: 1 / (1 + c.passageRank),
    typed_answer: q.typed && c.hasTypedAnswer ? 1 : 0,
    typed_missing: q.typed && !c.hasTypedAnswer ? 1 : 0,
    phrases: Math.min(3, q.phrases.filter((p) => spaced.includes(p)).length) / 3,
    why_reason: q.analysis.intent === "why" && givesReason(c.text) ? 1 : 0,
    paper_self_reference: paperLevel && c.selfStatementsBefore !== undefined ? 1 : 0,
    // A paper first speaks of itself to say what it is about; later, what it argues, how and what it found.
    paper_statement_order: paperLevel && c.selfStatementsBefore !== undefined ? 1 / (1 + c.selfStatementsBefore) : 0,
    paper_role: paperLevel ? roleWeight(c.role, q.analysis.facet) : 0,
    paper_facet_cue: paperLevel && speaksToFacet(q.analysis.facet, c.text) ? 1 : 0,
    length: Math.min(1, Math.log(1 + words(c.text).length) / Math.log(60)),
  };
  return FEATURES.map((f) => values[f]);
}

/** Findings sit in the closing section; aims, method and the topic in the abstract and the opening. */
function roleWeight(role: Role, facet: QuestionAnalysis["facet"]): number {
  if (role === "body") return 0;
  if (role === "abstract") return 1;
  const closing = facet === "findings" || facet === "argument" || facet === "future" || facet === "limitations";
  return (role === "closing") === closing ? 1 : 0.5;
}

interface MatchStats {
  exact: number;
  soft: number;
  keyMissing: number;
  /** Share of the asked noun and verb the text lacks, even in other words. */
  askedMissing: number;
}

/**
 * IDF-weighted shares of the question's terms a text has, exactly and in other words; context terms
 * count half. A key term (a name, a number) may also be found in `antecedent`, the sentence the text
 * refers back to.
 */
export function matchStats(terms: QuestionTerm[], text: Set<string>, antecedent?: Set<string>): MatchStats {
  let total = 0;
  let exact = 0;
  let soft = 0;
  let keyTotal = 0;
  let keyMissing = 0;
  let asked = 0;
  let askedMissing = 0;
  for (const t of terms) {
    const w = termWeight(t);
    total += w;
    const level = t.key && antecedent ? Math.max(matchLevel(t, text), matchLevel(t, antecedent)) : matchLevel(t, text);
    if (level === MATCH.exact) exact += w;
    soft += level * w;
    if (t.asked) {
      asked++;
      if (level < MATCH.hypernym) askedMissing++;
    }
    if (t.key && !t.context) {
      keyTotal += w;
      if (level < MATCH.synonym) keyMissing += w;
    }
  }
  if (total === 0) return { exact: 0, soft: 0, keyMissing: 0, askedMissing: 0 };
  return { exact: exact / total, soft: soft / total, keyMissing: keyTotal === 0 ? 0 : keyMissing / keyTotal, askedMissing: asked === 0 ? 0 : askedMissing / asked };
}

export function matchLevel(t: QuestionTerm, text: Set<string>): number {
  if (text.has(t.term)) return MATCH.exact;
  let best = 0;
  for (const [r, level] of t.related) if (level > best && text.has(r)) best = level;
  if (best < MATCH.sameRoot && t.term.length >= 5) {
    for (const u of text) if (u.length > t.term.length && u.length - t.term.length <= 2 && u.startsWith(t.term)) return MATCH.sameRoot;
  }
  return best;
}

/** A term's weight in a match: its rarity, halved for a term from an earlier question. */
function termWeight(t: QuestionTerm): number {
  return t.weight * (t.context ? 0.5 : 1);
}

/** The question's terms' alignment with the text, weighted as in matchStats. */
function weightedMean(terms: QuestionTerm[], alignment: number[]): number {
  let total = 0;
  let sum = 0;
  terms.forEach((t, i) => {
    const w = termWeight(t);
    total += w;
    sum += w * (alignment[i] ?? 0);
  });
  return total === 0 ? 0 : sum / total;
}

/** How far the text stays from the asked noun and verb in word vectors (0 when the question asks none). */
function askedGap(terms: QuestionTerm[], alignment: number[]): number {
  const asked = terms.flatMap((t, i) => (t.asked ? [alignment[i] ?? 0] : []));
  return asked.length === 0 ? 0 : 1 - asked.reduce((a, b) => a + b, 0) / asked.length;
}

/** How far the text stays from the question's least-matched own term: "coffee" in a question the sentence answers only in its other words. */
function worstGap(terms: QuestionTerm[], alignment: number[]): number {
  const own = terms.flatMap((t, i) => (t.context ? [] : [alignment[i] ?? 0]));
  return own.length === 0 ? 0 : 1 - Math.min(...own);
}

function share(terms: QuestionTerm[], test: (t: QuestionTerm) => boolean): number {
  const own = terms.filter((t) => !t.context);
  const total = own.reduce((s, t) => s + t.weight, 0);
  return total === 0 ? 0 : own.filter(test).reduce((s, t) => s + t.weight, 0) / total;
}

export const ANSWER_INPUTS = ["best_logit", "runner_up_logit", ...FEATURES.map((f) => `best_${f}`)];

/** What the answer stage (scorer.ts) reads of a question's candidates, best first by the sentence stage. */
export function answerInputs(ranked: { score: number; features: number[] }[]): number[] {
  const [best, second] = ranked;
  if (!best) return [];
  return [logit(best.score), logit(second?.score ?? 0), ...best.features];
}

export function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}
