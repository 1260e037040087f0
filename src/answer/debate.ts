/**
 * Debate evidence packs: for a motion, the sentences of the papers that argue for it and against
 * it, each quoted verbatim as a card with a tag cut from the sentence and its citation. Relevance
 * comes from retrieval and the answer's sentence scoring; the side from the sentence's own wording.
 */
import type { SourceDocument } from "../ingest/types.js";
import type { HybridRetriever, Retrieval } from "../retrieve/hybrid.js";
import { rankCandidates, type AnswerResources } from "./candidates.js";
import { overlaps, shouldAbstain, toQuote, type ScoredSentence } from "./compose.js";
import { answerProbability } from "./scorer.js";
import { judge, parseMotion, type Motion, type Side, type Signal } from "./debate-stance.js";
import { tagOf } from "./debate-tag.js";
import type { Quote } from "./types.js";

export type { Side, Signal } from "./debate-stance.js";

export interface DebateOptions {
  /** Only this side's cards. */
  side?: Side;
  /** Only this paper (its id). */
  paperId?: string;
}

export interface EvidenceCard extends Quote {
  side: Side;
  /** One line cut verbatim from the quoted sentence; "…" marks what was left out. */
  tag: string;
  /** What in the sentence put it on its side, in the sentence's words. */
  signals: Signal[];
  /** Relevance to the motion plus the weight of those signals; cards are ordered by it. */
  strength: number;
}

export interface EvidencePack {
  motion: string;
  /** The sides asked for: both, or the one named by `side`. */
  sides: Side[];
  for: EvidenceCard[];
  against: EvidenceCard[];
  /** Sides asked for on which the papers offer nothing: said plainly rather than padded. */
  emptySides: Side[];
  /** False when the papers do not cover the motion at all (the test an answer abstains by). */
  covered: boolean;
}

export interface DebateInput {
  /** Already validated, like a question. */
  motion: string;
  options: DebateOptions;
  retriever: HybridRetriever;
  resources: AnswerResources;
}

/** More passages than an answer reads: the other side often sits away from the best match. */
const PASSAGES = 20;
const CARDS_PER_SIDE = 5;
/**
 * Sentences past this rank are too far off the motion to argue it. A rank, not a share of the best
 * probability: the answer model's probabilities fall steeply after the few sentences that answer
 * outright, while the other side's evidence sits among the next few dozen.
 */
const RELEVANT_SENTENCES = 40;
/** Each signal a sentence carries (a concession, a named opposing author) makes it a stronger card. */
const SIGNAL_WEIGHT = 0.1;

export async function debateEvidence(input: DebateInput): Promise<EvidencePack> {
  const { motion, options } = input;
  const { documents } = input.resources;
  const sides: Side[] = options.side ? [options.side] : ["for", "against"];
  const parsed = parseMotion(motion);
  const retrieval = await retrieve(input, parsed);
  // A motion asks for arguments, never for a date or a name: no short answer is looked for.
  const { sentences } = await rankCandidates(input.resources, parsed.query, [], { intent: "factoid" }, retrieval, retrieval.hits.length);
  const covered = !shouldAbstain(answerProbability(input.resources.model, sentences), input.resources.model);
  const cards = covered ? pickCards(sentences.slice(0, RELEVANT_SENTENCES), parsed, documents, sides) : [];
  const bySide = (side: Side) => cards.filter((c) => c.side === side);
  return {
    motion,
    sides,
    for: bySide("for"),
    against: bySide("against"),
    emptySides: sides.filter((side) => bySide(side).length === 0),
    covered,
  };
}

/**
 * Passages on the motion, then passages on its subject alone: the reasons a paper gives other than
 * the motion's claim ("… economically advantageous") rarely share the claim's words.
 */
async function retrieve(input: DebateInput, motion: Motion): Promise<Retrieval> {
  const scope = { limit: PASSAGES, ...(input.options.paperId ? { paperId: input.options.paperId } : {}) };
  const onMotion = await input.retriever.retrieve(motion.query, scope);
  if (!motion.subject) return onMotion;
  const seen = new Set(onMotion.hits.map((h) => h.index));
  const onSubject = (await input.retriever.retrieve(motion.subject, scope)).hits.filter((h) => !seen.has(h.index));
  return { ...onMotion, hits: [...onMotion.hits, ...onSubject] };
}

/** Judged sentences as cards, strongest first, at most CARDS_PER_SIDE a side, no two sharing text. */
function pickCards(sentences: ScoredSentence[], motion: Motion, documents: Map<string, SourceDocument>, sides: Side[]): EvidenceCard[] {
  const candidates = sentences.flatMap((s) => {
    const verdict = judge(s.text, motion);
    if (!verdict || !sides.includes(verdict.side)) return [];
    const quote = toQuote(s, documents.get(s.passage.paperId)!, undefined);
    const strength = Math.round((s.score + SIGNAL_WEIGHT * verdict.signals.length) * 1000) / 1000;
    return [{ ...quote, side: verdict.side, tag: tagOf(s.text, verdict.clause, verdict.focus), signals: verdict.signals, strength }];
  });
  const chosen: EvidenceCard[] = [];
  for (const card of candidates.sort((a, b) => b.strength - a.strength)) {
    if (chosen.filter((c) => c.side === card.side).length >= CARDS_PER_SIDE) continue;
    if (!chosen.some((c) => overlaps(c, card))) chosen.push(card);
  }
  return chosen;
}
