/**
 * From retrieved passages to the reply: rank the candidate sentences by the fitted probability
 * that they answer (candidates.ts), abstain when even the best is unlikely, quote the best one to
 * three as whole thoughts, and lead with a short answer only when it is of the asked-for type and
 * the model is confident.
 */
import { splitSentences } from "../ingest/sentences.js";
import { terms } from "../ingest/terms.js";
import type { Passage, SourceDocument } from "../ingest/types.js";
import type { RetrievedPassage, Retrieval } from "../retrieve/hybrid.js";
import { facetSections, rankCandidates, sectionAsked, type AnswerResources, type ScoredSentence } from "./candidates.js";
import { citesOf } from "./cites.js";
import type { Facet, QuestionAnalysis } from "./intent.js";
import { headWords, type AnswerKind } from "./question.js";
import { answerProbability, type AnswerModel } from "./scorer.js";
import { confirmsType } from "./answer-type.js";
import { speaksToFacet } from "./features.js";
import { unstatedFacetAnswer } from "./replies.js";
import { dot, sentenceKey } from "./sentence-vectors.js";
import { paragraphSentences, quoteSpan } from "./quote-span.js";
import { holdsAmount, type Span } from "./short-answer.js";
import type { Answer, Quote, ScoredPassage } from "./types.js";

export type { ScoredSentence };

export interface ComposeInput {
  question: string;
  analysis: QuestionAnalysis;
  /** Earlier questions of the conversation, which fill in a short follow-up. */
  context: string[];
  retrieval: Retrieval;
}

const MAX_QUOTES = 3;
/** Sides of a paper that some papers never state, unlike what they are about, argue or conclude. */
const MAY_BE_UNSTATED = new Set<Facet>(["method", "limitations", "future"]);

export async function composeAnswer(r: AnswerResources, input: ComposeInput): Promise<Answer> {
  const { question, retrieval, analysis } = input;
  const summary = await summaryAnswer(r, input);
  if (summary) return summary;
  const { sentences, kind } = await rankCandidates(r, question, input.context, analysis, retrieval);
  const best = sentences[0];
  const passages: ScoredPassage[] = rerank(retrieval, sentences).map((h) => ({ id: h.passage.id, text: h.passage.text, score: round(h.score), citation: h.passage.citation }));
  const answerP = answerProbability(r.model, sentences);
  const confidence = round(answerP);
  // A question about the paper itself is answered from its structure, and always covered by the paper;
  // a check of the authors' view ("do they think it works?") is not, as the paper may never speak of it.
  const fromStructure = analysis.intent === "paper-level" && sentences.some((s) => s.fromStructure);
  const aboutThePaper = fromStructure && !analysis.yesNo;
  // Not every paper sets out a method, its limits or what comes next: one that does not is not quoted as if it did.
  const paper = best && r.documents.get(best.passage.paperId);
  const stated = (facet: Facet) => sentences.some((s) => speaksToFacet(facet, s.text)) || (!!paper && facetSections(paper, facet).length > 0);
  if (aboutThePaper && analysis.facet && MAY_BE_UNSTATED.has(analysis.facet) && !stated(analysis.facet)) {
    return unstatedFacetAnswer(question, analysis.facet, paper!.meta);
  }
  if (!best || (!aboutThePaper && (shouldAbstain(answerP, r.model) || lacksAskedMeasure(kind, best)))) {
    return { question, intent: analysis.intent, confidence, abstained: true, answer: [], passages, closestSections: closestSections(retrieval) };
  }
  // A paper's aims, argument or findings take more than one sentence to state: its best few are quoted.
  const extra = fromStructure ? sentences.slice(1).filter((s) => s.fromStructure) : sentences.slice(1).filter((s) => s.score >= r.model.extraQuoteAbove);
  const chosen = [best, ...extra];
  const quotes: Quote[] = [];
  const bold = kind !== "other" && confidence >= r.model.boldAbove && best.shortAnswer && confirmsType(best.text, best.shortAnswer, kind, headWords(question), r.wordnet) ? best.shortAnswer : undefined;
  for (const sentence of chosen) {
    const quote = toQuote(sentence, r.documents.get(sentence.passage.paperId)!, sentence === best ? bold : undefined, analysis.intent === "why");
    if (!quotes.some((q) => overlaps(q, quote)) && quotes.length < MAX_QUOTES) quotes.push(quote);
  }
  if (analysis.yesNo) {
    const qualifier = qualifying(sentences, quotes, r);
    if (qualifier) quotes.splice(Math.min(quotes.length, MAX_QUOTES - 1), quotes.length, qualifier);
  }
  const answer: Answer = { question, intent: analysis.intent, confidence, abstained: false, answer: quotes, passages, closestSections: [] };
  if (bold) answer.shortAnswer = best.text.slice(bold.start, bold.end);
  return answer;
}

/**
 * "Summarise the energy security section": the section's most central sentences (closest in
 * meaning to the section as a whole, as in centroid summarisation), quoted in the paper's order.
 */
async function summaryAnswer(r: AnswerResources, { question, analysis, retrieval }: ComposeInput): Promise<Answer | undefined> {
  const paperId = retrieval.hits[0]?.passage.paperId ?? [...r.documents.keys()][0];
  const doc = paperId ? r.documents.get(paperId) : undefined;
  const section = doc && sectionAsked(doc, analysis);
  if (!doc || !section) return undefined;
  const inSection = r.passagesOf(doc.meta.id).filter((p) => p.citation.section === section);
  const seen = new Set<number>();
  const sentences = inSection.flatMap((p) =>
    splitSentences(doc.text, p.start, p.end)
      .filter((span) => !seen.has(span.start) && seen.add(span.start))
      .map((span) => ({ passage: p, span })),
  );
  if (sentences.length === 0) return undefined;
  const vectors = await r.sentenceVectors.of(sentences.map((x) => ({ key: sentenceKey(doc.meta.id, x.span.start, x.span.end), text: doc.text.slice(x.span.start, x.span.end) })));
  const centroid = new Float32Array(vectors[0]!.length);
  for (const v of vectors) v.forEach((x, i) => (centroid[i]! += x));
  // Edmundson's title cue beside the centroid: a sentence in the heading's own words states the section's point.
  const title = new Set(terms(section));
  const closeness = vectors.map((v) => dot(centroid, v));
  const top = Math.max(...closeness) || 1;
  const central = sentences
    .map((x, i) => {
      const own = new Set(terms(doc.text.slice(x.span.start, x.span.end)));
      return { ...x, closeness: closeness[i]! / top + [...title].filter((t) => own.has(t)).length / Math.max(1, title.size) };
    })
    .sort((a, b) => b.closeness - a.closeness)
    .slice(0, MAX_QUOTES)
    .sort((a, b) => a.span.start - b.span.start);
  const passages = inSection.slice(0, 5).map((p) => ({ id: p.id, text: p.text, score: 1, citation: p.citation }));
  return { question, intent: "paper-level", confidence: 1, abstained: false, answer: central.map((x) => quoteOf(doc, x.passage, x.span)), passages, closestSections: [] };
}

function quoteOf(doc: SourceDocument, passage: Passage, span: Span): Quote {
  const quote = doc.text.slice(span.start, span.end);
  return { quote, citation: passage.citation, passageId: passage.id, start: span.start, end: span.end, cites: citesOf(doc, span.start, span.end) };
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

/** Contrast, concession and negation: a sentence with these limits a claim rather than only stating it. */
const QUALIFIER = /\b(?:however|but|although|though|yet|nevertheless|nonetheless|despite|in spite of|whereas|rather than|instead|not|never|neither|nor|no longer|only partly|unlikely|limited|remains? unclear)\b/i;

/**
 * For "does the paper say X?": the likeliest relevant sentence, besides those quoted, that
 * qualifies the claim, so the reader sees what supports it and what limits it and judges. The
 * sentence right after the lead quote counts whatever its score: a claim is most often limited
 * where it is made ("TIB registers the DOI… The research data themselves are not stored at TIB.").
 */
function qualifying(sentences: ScoredSentence[], quoted: Quote[], r: AnswerResources): Quote | undefined {
  const lead = quoted[0];
  if (!lead || QUALIFIER.test(lead.quote)) return undefined;
  const fresh = (quote: Quote) => (quoted.some((q) => overlaps(q, quote)) ? undefined : { ...quote, qualifies: true });
  for (const s of sentences.slice(1)) {
    if (s.score < r.model.relevantAbove) break;
    if (!QUALIFIER.test(s.text)) continue;
    const quote = fresh(toQuote(s, r.documents.get(s.passage.paperId)!, undefined));
    if (quote) return quote;
  }
  const leadSentence = sentences[0];
  const doc = leadSentence && r.documents.get(leadSentence.passage.paperId);
  const next = doc && paragraphSentences(doc, lead.start).find((x) => x.start >= lead.end);
  const passage = next && r.passagesOf(doc.meta.id).find((p) => p.start <= next.start && next.start < p.end);
  if (!doc || !next || !passage || !QUALIFIER.test(doc.text.slice(next.start, next.end))) return undefined;
  return fresh(quoteOf(doc, passage, next));
}

/** Whether the answer stage's probability (`answerProbability`) is too low to quote anything. */
export function shouldAbstain(answerP: number, model: AnswerModel): boolean {
  return answerP < model.abstainBelow;
}

/**
 * "How many…", "how much did it cost…", "what share…" asks for a figure: a best sentence that
 * holds no amount at all cannot answer it, however many of the question's words it shares
 * (the near-misses that ask the paper for a figure it never gives); "how far…" is answered by a
 * distance or not at all, and "what is the maximum range of…" by an amount that is neither money
 * nor a share. "When", "how long" and "how often" are answered in words as often as in figures
 * ("between ten and noon", "since 1993", "half as often"), so they are left to the model.
 */
function lacksAskedMeasure(kind: AnswerKind, best: ScoredSentence): boolean {
  if (kind === "distance" || kind === "quantity") return !best.shortAnswer;
  return (kind === "count" || kind === "money" || kind === "share") && !best.shortAnswer && !holdsAmount(best.text);
}

/** The sentence as a quote, reaching as far as a whole thought (quote-span.ts), with `highlight` marked inside. */
export function toQuote(s: ScoredSentence, doc: SourceDocument, highlight: Span | undefined, explains = false): Quote {
  const { start, end } = quoteSpan(doc, s, explains);
  const shift = s.start - start;
  return {
    quote: doc.text.slice(start, end),
    citation: s.passage.citation,
    passageId: s.passage.id,
    start,
    end,
    ...(highlight ? { highlight: { start: highlight.start + shift, end: highlight.end + shift } } : {}),
    cites: citesOf(doc, start, end),
  };
}

/** Two quotes of the same paper that share any text. */
export function overlaps(a: Quote, b: Quote): boolean {
  return a.citation.paperId === b.citation.paperId && a.start < b.end && b.start < a.end;
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
